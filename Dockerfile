# Placeholder until the Docker issue: builds the embedded default the same way `make run` does.
FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c requirements.lock . && newsrag models fetch && newsrag ingest corpus
EXPOSE 8000
CMD ["newsrag", "serve", "--host", "0.0.0.0"]
