# syntax=docker/dockerfile:1
# PresenceBridge as a container: the release artefact (npm run release) on Node 24, run as the non-root user
# `node` from a read-only folder, writing only under PB_DATA_DIR. The final image holds no compiler, no npm
# install and no sources: what it runs is exactly what test/deploy/rehearsal.test.ts rehearses.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# `npm install` with the locked versions (`npm ci` refuses npm 11's own lockfile: README).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run release

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    PB_DATA_DIR=/var/lib/presence-bridge
WORKDIR /app
COPY --from=build --chown=root:root /src/release/ /app/
RUN mkdir -p /var/lib/presence-bridge && chown node:node /var/lib/presence-bridge
USER node
EXPOSE 3978
# Liveness: the process answers (a standby too). Readiness (/readyz) is for load balancers and Kubernetes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 and handles SIGTERM (src/commands/start.ts): it drains and exits; a standby just exits.
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=8", "--optimize-for-size", "dist/cli.js", "start"]
