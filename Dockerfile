# Build stage: compile the release binary (migrations and the sample article are embedded).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked

# Run stage: the binary alone, as an unprivileged user, with its database on /data.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data claimdesk \
    && mkdir -p /data && chown claimdesk /data
COPY --from=build /src/target/release/claimdesk /usr/local/bin/claimdesk
USER claimdesk
WORKDIR /data
ENV DATABASE_URL=/data/claimdesk.db \
    CLAIMDESK_BIND=0.0.0.0:3000
EXPOSE 3000
CMD ["claimdesk", "serve"]
