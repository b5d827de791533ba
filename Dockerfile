# Multi-stage build of the academy binary with the web app and seed catalogue embedded.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/academy ./cmd/academy

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/academy /usr/local/bin/academy
ENV ACADEMY_ADDR=0.0.0.0:8080 ACADEMY_DATA_DIR=/data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/usr/local/bin/academy"]
CMD ["serve"]
