# syntax=docker/dockerfile:1
# Build stage: compile the release binary (migrations, templates, assets and the sample
# article are all compiled in).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && cp target/release/claimdesk /usr/local/bin/claimdesk

# Run stage: the binary alone, as an unprivileged user, with its database on /data.
FROM debian:bookworm-slim
# pg_dump and pg_restore, for `claimdesk backup` and `restore` on PostgreSQL; the CA roots
# that webhook deliveries and page fetches over HTTPS check certificates against (claimdesk
# speaks TLS through rustls and links no OpenSSL).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /data claimdesk \
    && mkdir -p /data /backups && chown claimdesk /data /backups
COPY --from=build /usr/local/bin/claimdesk /usr/local/bin/claimdesk
USER claimdesk
WORKDIR /data
ENV DATABASE_URL=/data/claimdesk.db \
    CLAIMDESK_BIND=0.0.0.0:3000 \
    CLAIMDESK_LOG_FORMAT=json
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["claimdesk", "healthcheck"]
STOPSIGNAL SIGTERM
CMD ["claimdesk", "serve"]
