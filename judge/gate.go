package judge

import (
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goprep/goprep"
)

// Gate rules, named in every rejection.
const (
	RuleFileName  = "file-name"
	RuleFileCount = "file-count"
	RuleFileSize  = "file-size"
	RuleEncoding  = "encoding"
	RulePackage   = "package"
	RuleImport    = "import"
	RuleCgo       = "cgo"
	RuleDirective = "directive"
)

// deniedImports are standard-library packages a solution may not import
// unless the problem's imports.allow names them: they reach files,
// processes, the network, flags, the runtime's internals, or can end the
// process behind the judge's back. A path is denied when it equals an entry
// or lies below an entry that ends in "/".
var deniedImports = []string{
	"C", "unsafe", "syscall", "syscall/", "os", "os/", "embed", "flag", "net", "net/", "plugin",
	"reflect", "runtime/debug", "runtime/pprof", "runtime/trace", "runtime/coverage", "runtime/cgo",
	"runtime/race", "runtime/msan", "runtime/asan", "testing", "testing/", "log", "log/syslog",
	"internal/", "vendor/", "debug/", "archive/zip", "go/build", "go/importer", "io/ioutil",
	"path/filepath", "text/template", "html/template", "mime/multipart", "crypto/x509", "crypto/tls",
	"expvar", "cmd/",
}

// DeniedImports returns the default deny list (for documentation and the UI).
func DeniedImports() []string { return append([]string(nil), deniedImports...) }

func denied(path string) bool {
	for _, d := range deniedImports {
		if strings.HasSuffix(d, "/") {
			if strings.HasPrefix(path, d) {
				return true
			}
		} else if path == d {
			return true
		}
	}
	return false
}

// isStdImport reports whether path looks like a standard-library path: its
// first element has no dot.
func isStdImport(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// importAllowed reports whether a solution for spec may import path.
func importAllowed(spec *Spec, path string) bool {
	if path == "C" || path == "unsafe" {
		return false
	}
	for _, a := range spec.Imports.Allow {
		if path == a {
			return true
		}
	}
	return isStdImport(path) && !denied(path)
}

// Gate runs the static checks on a candidate's files before anything is
// built. It returns the rejections (empty when the code may be built) and the
// syntax errors, which are compile errors rather than policy.
func Gate(spec *Spec, files map[string]string) (rejections, syntax []Diagnostic) {
	reject := func(file string, line int, rule, format string, args ...any) {
		rejections = append(rejections, Diagnostic{File: file, Line: line, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if len(files) == 0 {
		reject("", 0, RuleFileCount, "no files submitted")
		return rejections, nil
	}
	if len(files) > goprep.MaxSubmissionFiles {
		reject("", 0, RuleFileCount, "%d files; at most %d are allowed", len(files), goprep.MaxSubmissionFiles)
		return rejections, nil
	}
	total := 0
	for _, src := range files {
		total += len(src)
	}
	if total > goprep.MaxSubmissionBytes {
		reject("", 0, RuleFileSize, "%d bytes in all; at most %d are allowed", total, goprep.MaxSubmissionBytes)
		return rejections, nil
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	for _, name := range names {
		src := files[name]
		if reason := fileNameProblem(name); reason != "" {
			reject(name, 0, RuleFileName, "%s", reason)
			continue
		}
		if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
			reject(name, 0, RuleEncoding, "the file is not valid UTF-8 text")
			continue
		}
		// Directives first, with the scanner, so they are found even in a
		// file that does not parse.
		rejections = append(rejections, scanDirectives(name, src)...)
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			var list scanner.ErrorList
			if asErrorList(err, &list) {
				for i, e := range list {
					if i == 10 {
						break
					}
					syntax = append(syntax, Diagnostic{File: name, Line: e.Pos.Line, Col: e.Pos.Column, Message: e.Msg})
				}
			} else {
				syntax = append(syntax, Diagnostic{File: name, Message: err.Error()})
			}
			continue
		}
		if f.Name.Name != spec.Package {
			reject(name, fset.Position(f.Name.Pos()).Line, RulePackage, "package %s; this problem's package is %s", f.Name.Name, spec.Package)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			line := fset.Position(imp.Pos()).Line
			switch {
			case err != nil:
				reject(name, line, RuleImport, "bad import path %s", imp.Path.Value)
			case path == "C":
				reject(name, line, RuleCgo, `import "C" (cgo) is not allowed`)
			case !importAllowed(spec, path):
				reject(name, line, RuleImport, "import %q is not allowed in this problem", path)
			}
		}
	}
	return rejections, syntax
}

func asErrorList(err error, out *scanner.ErrorList) bool {
	l, ok := err.(scanner.ErrorList)
	if ok {
		*out = l
	}
	return ok
}

// scanDirectives finds comments the compiler or the go command would obey:
// //go: directives (linkname, norace, embed, build, ...), //line and /*line
// directives, // +build lines and cgo's //export.
func scanDirectives(name, src string) []Diagnostic {
	var out []Diagnostic
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.COMMENT {
			continue
		}
		var rule string
		switch {
		case strings.HasPrefix(lit, "//go:"):
			word, _, _ := strings.Cut(strings.TrimPrefix(lit, "//"), " ")
			rule = word + " directive"
		case strings.HasPrefix(lit, "//line ") || strings.HasPrefix(lit, "/*line "):
			rule = "line directive"
		case strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(lit, "//")), "+build"):
			rule = "+build constraint"
		case strings.HasPrefix(lit, "//export "):
			rule = "cgo export"
		default:
			continue
		}
		out = append(out, Diagnostic{File: name, Line: fset.Position(pos).Line, Rule: RuleDirective,
			Message: rule + " is not allowed"})
	}
	return out
}
