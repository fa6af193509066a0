package httpapi

import (
	"html/template"
	"net/http"
)

// portalPageNames are the templates of the sign-in by link, the portal and
// the console, each parsed with the layout.
var portalPageNames = []string{"lien"}

// portalFuncs are the functions the templates call.
var portalFuncs = template.FuncMap{
	"statusLabel":  statusLabel,
	"channelLabel": channelLabel,
	"rightLabel":   rightLabel,
}

// portal registers the sign-in by link, the portal's and the console's
// routes.
func (h *Handler) portal(mux *http.ServeMux) {
	h.signInRoutes(mux)
}
