# domex on Debian 12, from the package .ci/package builds:
#   bash .ci/package && docker build -t domex:0.1.0 .
# The store lives in /var/lib/domex (a volume); the config is mounted at
# /etc/domex/scan.toml. Runs as an unprivileged user.
FROM debian:12-slim
COPY build/domex_0.1.0_amd64.deb /tmp/
RUN apt-get update \
    && apt-get install -y --no-install-recommends /tmp/domex_0.1.0_amd64.deb ca-certificates \
    && rm -rf /var/lib/apt/lists/* /tmp/domex_0.1.0_amd64.deb \
    && useradd --system --home-dir /var/lib/domex --create-home domex
USER domex
ENV STATE_DIRECTORY=/var/lib/domex
VOLUME ["/var/lib/domex"]
ENTRYPOINT ["domex"]
CMD ["scan", "--config", "/etc/domex/scan.toml"]
