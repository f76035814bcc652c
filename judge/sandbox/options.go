package sandbox

import (
	"fmt"
	"time"

	"github.com/goprep/goprep"
)

// Default limits, used for every zero field of Spec.Limits unless
// Options.Defaults says otherwise.
const (
	DefaultMemory   = 256 << 20
	DefaultPids     = 128
	DefaultCPUTime  = 10 * time.Second
	DefaultWallTime = 30 * time.Second
	DefaultOutput   = 4 << 20
	DefaultReport   = 4 << 20
	DefaultFileSize = 64 << 20
)

// NobodyID is the uid and gid programs run as under LevelFull by default.
const NobodyID = 65534

// Options configure New.
type Options struct {
	// Insecure allows LevelNone (no isolation at all) when nothing stronger
	// is available, or when Level asks for it. It is the
	// --insecure-no-sandbox flag; without it New refuses to build a Runner
	// that isolates nothing.
	Insecure bool
	// Level forces a level instead of the strongest one Detect finds. New
	// fails when the host cannot provide it. Empty means detect.
	Level Level
	// UID and GID are the identity of the program under LevelFull; zero
	// means NobodyID. Root (0) cannot be asked for.
	UID, GID int
	// Defaults replace the package defaults for zero fields of Spec.Limits;
	// zero fields here keep the package defaults.
	Defaults Limits
}

// Detection is what Detect found out about the host.
type Detection struct {
	// Level is the strongest level available.
	Level Level
	// Missing says, for a level weaker than LevelFull, what the host lacks;
	// meant for a warning in logs and /readyz.
	Missing string
	// Cgroup describes the cgroup setup LevelFull would use ("v1", "v2" or "").
	Cgroup string
}

// Detect reports the strongest isolation level this process can set up.
func Detect() Detection {
	return detect()
}

// New returns a Runner at the level Options ask for: the strongest available
// (see Detect) unless Options.Level names one. A host that cannot isolate
// gets an error telling the operator to pass --insecure-no-sandbox, unless
// Options.Insecure is set; then the Runner isolates nothing (LevelNone).
func New(opts Options) (Runner, error) {
	if opts.UID == 0 {
		opts.UID = NobodyID
	}
	if opts.GID == 0 {
		opts.GID = NobodyID
	}
	if opts.UID < 0 || opts.GID < 0 {
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: bad uid/gid %d/%d", opts.UID, opts.GID)
	}
	defaults := opts.Defaults.withDefaults(Limits{
		Memory: DefaultMemory, Pids: DefaultPids, CPUTime: DefaultCPUTime,
		WallTime: DefaultWallTime, Output: DefaultOutput, Report: DefaultReport,
		FileSize: DefaultFileSize,
	})
	level := opts.Level
	d := Detect()
	if level == "" {
		level = d.Level
	}
	switch level {
	case LevelNone:
		if !opts.Insecure {
			if opts.Level == LevelNone {
				return nil, goprep.Errorf(goprep.EINVALID, "sandbox: level none needs --insecure-no-sandbox")
			}
			return nil, goprep.Errorf(goprep.EINTERNAL,
				"sandbox: this host cannot isolate untrusted code (%s); refusing to run it — pass --insecure-no-sandbox to run it unisolated anyway", d.Missing)
		}
		return newRunner(LevelNone, noneStarter{}, defaults), nil
	case LevelFull, LevelUserNS:
		st, err := newIsolatedStarter(level, opts)
		if err != nil {
			return nil, err
		}
		return newRunner(level, st, defaults), nil
	default:
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: unknown level %q", level)
	}
}

// withDefaults fills the zero fields of l from d.
func (l Limits) withDefaults(d Limits) Limits {
	if l.Memory <= 0 {
		l.Memory = d.Memory
	}
	if l.Pids <= 0 {
		l.Pids = d.Pids
	}
	if l.CPUTime <= 0 {
		l.CPUTime = d.CPUTime
	}
	if l.WallTime <= 0 {
		l.WallTime = d.WallTime
	}
	if l.Output <= 0 {
		l.Output = d.Output
	}
	if l.Report <= 0 {
		l.Report = d.Report
	}
	if l.FileSize <= 0 {
		l.FileSize = d.FileSize
	}
	return l
}

// String describes a Detection in one line.
func (d Detection) String() string {
	if d.Missing == "" {
		return fmt.Sprintf("sandbox level %s (cgroup %s)", d.Level, d.Cgroup)
	}
	return fmt.Sprintf("sandbox level %s: %s", d.Level, d.Missing)
}
