// Package deploy holds the deployment examples of eleader serve — a
// systemd unit (eleader.service) with its environment file and settings
// file, a Dockerfile and a compose.yaml with PostgreSQL — and the tests
// that keep them true: the unit passes systemd-analyze verify, the
// Dockerfile's build command builds a static binary that serves and
// answers its health check, and compose.yaml wires the service to its
// database with settings serve really has. The package has no code.
package deploy
