package httpapi

// PortalPatterns returns the patterns of the portal's and the console's
// routes, for the tests that try every route.
func PortalPatterns(h *Handler) []string {
	var out []string
	for _, r := range h.portalRoutes() {
		out = append(out, r.pattern)
	}
	return out
}
