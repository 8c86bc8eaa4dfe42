# syntax=docker/dockerfile:1
# timebank-ledger: the service runs its TypeScript through tsx, which is a runtime
# dependency in package.json, so a production install (--omit=dev) is all it needs.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay owned by root: the service only reads them. Only the
# embedded store's folder (used when DATABASE_URL is unset) is the node user's.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY migrations ./migrations
COPY src ./src
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm or tsx wrapper process), so SIGTERM from `docker stop`
# reaches the server's graceful shutdown directly.
CMD ["node", "--import", "tsx", "src/server.ts"]
