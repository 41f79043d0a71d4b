"""torch's weight-only CPU matmul kernels against a plain fp32 matmul, one decode step's shape
(1 x 1536 activations, an 8960 x 1536 weight: Qwen2.5-1.5B's MLP), 2 threads; ms per call.
Usage: .venv/bin/python bench/engine-probe/weight_only_matmul.py"""
import torch,time
torch.set_num_threads(2)
K,N=1536,8960
w=torch.randn(N,K)
x=torch.randn(1,K)
def t(f,n=200):
    for _ in range(10): f()
    s=time.perf_counter()
    for _ in range(n): f()
    return (time.perf_counter()-s)/n*1e3
print('fp32', t(lambda: torch.nn.functional.linear(x,w)))
scale=w.abs().amax(1)/127
wq=torch.round(w/scale[:,None]).clamp(-128,127).to(torch.int8)
print('int8pack', t(lambda: torch.ops.aten._weight_int8pack_mm(x,wq,scale)))
err=(torch.ops.aten._weight_int8pack_mm(x,wq,scale)-torch.nn.functional.linear(x,w)).abs().max(); print('err',err)
# int4
gs=32
wg=w.reshape(N,K//gs,gs)
mn=wg.amin(-1,keepdim=True); mx=wg.amax(-1,keepdim=True)
sc=(mx-mn).clamp(min=1e-6)/15
q=torch.round((wg-mn)/sc).clamp(0,15).to(torch.int32).reshape(N,K)
zeros=mn+8*sc
sz=torch.stack([sc.squeeze(-1),zeros.squeeze(-1)],-1).transpose(0,1).contiguous() # [K/gs,N,2]
packed=torch.ops.aten._convert_weight_to_int4pack_for_cpu(q,1)
f=lambda: torch.ops.aten._weight_int4pack_mm_for_cpu(x,packed,gs,sz)
print('int4pack', t(f))
ref=torch.nn.functional.linear(x,(q.reshape(N,K//gs,gs).float()*sc+mn).reshape(N,K))
print('err4',(f()-ref).abs().max(), ref.abs().max())
xb=x.bfloat16()
szb=sz.bfloat16()
f2=lambda: torch.ops.aten._weight_int4pack_mm_for_cpu(xb,packed,gs,szb)
print('int4pack bf16', t(f2))
print('int8pack bf16', t(lambda: torch.ops.aten._weight_int8pack_mm(xb,wq,scale.bfloat16())))
wb=w.bfloat16()
print('bf16 linear', t(lambda: torch.nn.functional.linear(xb,wb)))
print('fp32 again', t(lambda: torch.nn.functional.linear(x,w)))
x8=torch.randn(64,K)
print('prefill64 fp32', t(lambda: torch.nn.functional.linear(x8,w),50))
print('prefill64 int4 bf16', t(lambda: torch.ops.aten._weight_int4pack_mm_for_cpu(x8.bfloat16(),packed,gs,szb),50))
print('prefill64 int8 bf16', t(lambda: torch.ops.aten._weight_int8pack_mm(x8.bfloat16(),wq,scale.bfloat16()),50))
