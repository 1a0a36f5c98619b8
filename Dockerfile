# syntax=docker/dockerfile:1
# Multi-stage build of the `ombudsman` binary.

FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --features s3 --bin ombudsman \
    && cp target/release/ombudsman /usr/local/bin/ombudsman

FROM debian:bookworm-slim
# pg_dump/pg_restore for `ombudsman backup` and `restore`, of the server's major version (the
# PostgreSQL project's repository, set up by Debian's postgresql-common; PG_MAJOR must match the
# database server: docker-compose.yml runs postgres:16).
ARG PG_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/ombudsman ombudsman \
    && mkdir -p /var/lib/ombudsman/attachments \
    && chown -R ombudsman /var/lib/ombudsman
COPY --from=build /usr/local/bin/ombudsman /usr/local/bin/ombudsman
USER ombudsman
WORKDIR /var/lib/ombudsman
ENV OMBUDSMAN_BIND=0.0.0.0:8080
EXPOSE 8080
# The binary checks itself: the image has no curl, and dash (/bin/sh) has no /dev/tcp. The worker
# container overrides this with `healthcheck --database` (it listens on no port).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD ["ombudsman", "healthcheck"]
ENTRYPOINT ["ombudsman"]
CMD ["serve"]
