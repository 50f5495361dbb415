# One image for the api, worker and migrate services (they differ only by command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY packages/db/package.json packages/db/
COPY packages/ml-core/package.json packages/ml-core/
COPY packages/shared/package.json packages/shared/
RUN npm ci --omit=dev --no-fund --no-audit && npm cache clean --force
COPY tsconfig.base.json ./
COPY drizzle ./drizzle
COPY packages ./packages
COPY apps ./apps
# The imports volume (docker-compose.yml) takes this directory's owner when first mounted.
RUN mkdir -p /var/lib/boutique-ml/imports && chown node:node /var/lib/boutique-ml/imports
USER node
EXPOSE 8000
CMD ["npm", "run", "start:api"]
