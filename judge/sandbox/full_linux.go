package sandbox

import "github.com/goprep/goprep"

func detect() Detection {
	return Detection{Level: LevelNone, Missing: "isolation not built yet"}
}

func newIsolatedStarter(level Level, opts Options) (starter, error) {
	return nil, goprep.Errorf(goprep.EUNSUPPORTED, "sandbox: level %s not available", level)
}
