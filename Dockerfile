# The Nurture app, for docker-compose.yml. The source is copied in; nothing is written back to the
# host. Runs as the unprivileged `node` user, with its data (the report outbox, uploads) in /data.
FROM node:20.20.2-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:web && mkdir -p /data && chown node:node /data
ENV NURTURE_DATA_DIR=/data HOST=0.0.0.0 PORT=3000
USER node
EXPOSE 3000
CMD ["node_modules/.bin/tsx", "server/main.ts"]
