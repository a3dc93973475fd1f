package app

import "wecomdev/internal/buildinfo"

// AboutService tells the About box which build is running.
type AboutService struct {
	info buildinfo.Info
}

// NewAboutService returns the service for the build described by info.
func NewAboutService(info buildinfo.Info) *AboutService { return &AboutService{info: info} }

// Info returns the build information.
func (a *AboutService) Info() buildinfo.Info { return a.info }
