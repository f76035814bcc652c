//go:build !linux

package sandbox

import "github.com/goprep/goprep"

func detect() Detection {
	return Detection{Level: LevelNone, Missing: "namespaces and cgroups exist only on Linux"}
}

func newIsolatedStarter(level Level, opts Options) (starter, error) {
	return nil, goprep.Errorf(goprep.EUNSUPPORTED, "sandbox: level %s needs Linux", level)
}
