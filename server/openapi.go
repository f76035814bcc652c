package server

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPIDocument is the OpenAPI 3 description of every route, served at
// /api/v1/openapi.json. A test checks it against the registered routes.
//
//go:embed openapi.json
var OpenAPIDocument []byte

func handleOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json", OpenAPIDocument)
}
