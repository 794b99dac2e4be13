# syntax=docker/dockerfile:1
# edgetick, self-hosted: the Worker bundle `wrangler deploy` would upload, run on workerd
# through Miniflare by exactly `npm run selfhost` (docs/self-hosting.md). Storage lives in the
# /data volume; AUTH_KEYS comes from the environment.
#
#   docker build -t edgetick --build-arg EDGETICK_BUILD=$(git rev-parse --short HEAD) .
#   docker run -d --init --name edgetick -p 127.0.0.1:8787:8787 -v edgetick-data:/data \
#     -e AUTH_KEYS="$(cat auth-keys.json)" edgetick

ARG NODE_IMAGE=node:24-bookworm-slim

# ── build: every dependency, the packages, the demo, then the self-hosted build ──────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The manifests first, so a source change does not reinstall node_modules.
COPY package.json package-lock.json ./
COPY client/package.json client/
COPY packages/game/package.json packages/game/
COPY packages/server/package.json packages/server/
COPY packages/create-edgetick/package.json packages/create-edgetick/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
# The label GET /v1/health reports (there is no .git in the build context to ask).
ARG EDGETICK_BUILD=dev
ENV WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
RUN EDGETICK_BUILD="${EDGETICK_BUILD}" npm run build:selfhost \
 && node scripts/selfhost-runtime.mjs /runtime

# ── runtime: package.json, scripts/selfhost.mjs, dist/selfhost and miniflare, nothing else ───
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
COPY --from=build /runtime/ ./
RUN mkdir -p /data && chown node:node /data
# The image's files belong to root and are read-only to the server; only /data is its own.
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/v1/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "run", "selfhost"]
