# One image for the api, worker and migrate services (they differ only by command).

# The dashboard is static files: built here with the dev dependencies (vite), only dist/ is kept.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/db/package.json packages/db/
COPY packages/ml-core/package.json packages/ml-core/
COPY packages/shared/package.json packages/shared/
RUN npm ci --no-fund --no-audit
COPY tsconfig.base.json ./
COPY apps/web ./apps/web
RUN npm run build -w apps/web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/db/package.json packages/db/
COPY packages/ml-core/package.json packages/ml-core/
COPY packages/shared/package.json packages/shared/
RUN npm ci --omit=dev --no-fund --no-audit && npm cache clean --force
COPY tsconfig.base.json ./
COPY drizzle ./drizzle
COPY packages ./packages
COPY apps ./apps
COPY --from=web /app/apps/web/dist ./apps/web/dist
# The imports volume (docker-compose.yml) takes this directory's owner when first mounted.
RUN mkdir -p /var/lib/boutique-ml/imports && chown node:node /var/lib/boutique-ml/imports
USER node
EXPOSE 8000
CMD ["npm", "run", "start:api"]
