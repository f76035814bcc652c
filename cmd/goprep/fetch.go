package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/goprep/goprep"
)

func init() {
	commands["fetch"] = command{
		summary: "get a problem to solve in your editor: fetch SLUG [DIR] [--lang zh] [--force]",
		run:     runFetch,
	}
}

// fetchedFile is one file fetch writes.
type fetchedFile struct {
	name, what, content string
}

// workModuleImport finds the module path the public tests import the
// solution by (goprep.local/<package>).
var workModuleImport = regexp.MustCompile(`"(goprep\.local/[a-z0-9_]+)"`)

// problemFiles lays out a problem for solving locally: the starter files,
// the public tests, the statement and, when the tests name the module, a
// go.mod so that `go test` runs the public tests.
func problemFiles(p *goprep.Problem, lang string) []fetchedFile {
	var files []fetchedFile
	for _, name := range sortedKeys(p.Starter) {
		files = append(files, fetchedFile{name, "starter: your solution goes here", p.Starter[name]})
	}
	for _, name := range sortedKeys(p.PublicTests) {
		files = append(files, fetchedFile{name, "public tests", p.PublicTests[name]})
	}
	statement := p.StatementEN
	if lang == "zh" && p.StatementZH != "" {
		statement = p.StatementZH
	}
	files = append(files, fetchedFile{"statement.md", "the problem statement", statement})
	for _, name := range sortedKeys(p.PublicTests) {
		if m := workModuleImport.FindStringSubmatch(p.PublicTests[name]); m != nil {
			files = append(files, fetchedFile{"go.mod", "for `go test` here", "module " + m[1] + "\n\ngo 1.25\n"})
			break
		}
	}
	return files
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, server := clientFlags("fetch", stderr,
		"Usage: goprep fetch SLUG [DIR] [--lang en|zh] [--force] [--server URL]",
		"",
		"Writes the problem's starter files, its public tests, statement.md and a go.mod",
		"into DIR (default ./SLUG), so you can solve it in your editor, run the public",
		"tests with `go test`, and send it with `goprep submit SLUG DIR`.")
	lang := fs.String("lang", "en", "the statement's language: en or zh")
	force := fs.Bool("force", false, "overwrite files that exist")
	slug, dir, code := slugAndDir(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if *lang != "en" && *lang != "zh" {
		return clientExit(stderr, "fetch", usageError{fmt.Errorf("--lang must be en or zh, not %q", *lang)})
	}
	r, err := newRemote(*server)
	if err != nil {
		return clientExit(stderr, "fetch", err)
	}
	p, err := r.Problem(ctx, slug)
	if err != nil {
		return clientExit(stderr, "fetch", err)
	}
	files := problemFiles(p, *lang)
	if !*force {
		var exist []string
		for _, f := range files {
			if _, err := os.Lstat(filepath.Join(dir, f.name)); err == nil || !errors.Is(err, iofs.ErrNotExist) {
				exist = append(exist, filepath.Join(dir, f.name))
			}
		}
		if len(exist) > 0 {
			return clientExit(stderr, "fetch", usageError{fmt.Errorf("%s already exist; nothing was written.\nUse --force to overwrite them, or fetch into another directory: goprep fetch %s DIR",
				strings.Join(exist, ", "), slug)})
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return clientExit(stderr, "fetch", usageError{err})
	}
	fmt.Fprintf(stdout, "%s — %s (%s)\n", p.Slug, p.TitleEN, p.Difficulty)
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, []byte(f.content), 0o644); err != nil {
			return clientExit(stderr, "fetch", usageError{err})
		}
		fmt.Fprintf(stdout, "  wrote %s  (%s)\n", path, f.what)
	}
	fmt.Fprintf(stdout, "\nNext: read %s, edit %s, try the public tests with `cd %s && go test .`,\nthen `goprep submit %s %s` (or `--run` for the public tests on the judge).\n",
		filepath.Join(dir, "statement.md"), strings.Join(sortedKeys(p.Starter), ", "), dir, slug, dir)
	return 0
}

// slugAndDir parses the flags and the SLUG [DIR] arguments (flags may come
// after them); it returns -1 to go on, or the exit code.
func slugAndDir(fs *flag.FlagSet, args []string, stdout io.Writer) (slug, dir string, code int) {
	var pos []string
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return "", "", code
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) == 0 || len(pos) > 2 {
		fs.Usage()
		return "", "", 2
	}
	slug = pos[0]
	if !slugPattern.MatchString(slug) {
		fmt.Fprintf(fs.Output(), "goprep %s: %q is not a problem slug (lower-case words joined by hyphens; see `goprep list`)\n", fs.Name(), slug)
		return "", "", 2
	}
	dir = slug
	if len(pos) == 2 {
		dir = pos[1]
	}
	return slug, dir, -1
}

// slugPattern is the form of a problem's slug.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
