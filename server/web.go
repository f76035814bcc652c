package server

// webRoutes serves the web UI (frontend/): nothing yet.
func (s *Server) webRoutes() {}
