package catalog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/goprep/goprep"
	"gopkg.in/yaml.v3"
)

// kbFrontMatter is the YAML header of an entry file (kb/FORMAT.md).
type kbFrontMatter struct {
	Slug            string   `yaml:"slug"`
	Topic           string   `yaml:"topic"`
	Difficulty      string   `yaml:"difficulty"`
	Tags            []string `yaml:"tags"`
	GoVersion       string   `yaml:"go_version"`
	RelatedProblems []string `yaml:"related_problems"`
	RelatedEntries  []string `yaml:"related_entries"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Section headings of an entry, the same in both languages.
const (
	secQuestion    = "Question"
	secShortAnswer = "Short answer"
	secAnswer      = "Answer"
	secFollowUps   = "Follow-ups"
	secPitfalls    = "Pitfalls"
)

var sections = []string{secQuestion, secShortAnswer, secAnswer, secFollowUps, secPitfalls}

// MaxKBFileSize bounds one entry file.
const MaxKBFileSize = 256 << 10

// ParseKBEntry parses one entry file. name is used in error messages and
// must be "<topic>/<slug>.md" relative to the kb directory.
func ParseKBEntry(name string, data []byte) (*goprep.KBEntry, error) {
	if len(data) > MaxKBFileSize {
		return nil, fmt.Errorf("%s: file is larger than %d bytes", name, MaxKBFileSize)
	}
	fm, body, err := splitFrontMatter(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var meta kbFrontMatter
	dec := yaml.NewDecoder(bytes.NewReader(fm))
	dec.KnownFields(true)
	if err := dec.Decode(&meta); err != nil {
		return nil, fmt.Errorf("%s: front matter: %w", name, err)
	}
	if err := validateKBMeta(name, &meta); err != nil {
		return nil, err
	}
	langs, err := splitLanguages(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	e := &goprep.KBEntry{
		Slug:            meta.Slug,
		Topic:           meta.Topic,
		Difficulty:      meta.Difficulty,
		Tags:            nonNil(meta.Tags),
		GoVersion:       meta.GoVersion,
		RelatedProblems: nonNil(meta.RelatedProblems),
		RelatedEntries:  nonNil(meta.RelatedEntries),
		Source:          "catalog",
	}
	for lang, text := range langs {
		secs, err := splitSections(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, lang, err)
		}
		t := goprep.KBText{
			Question:    secs[secQuestion],
			ShortAnswer: secs[secShortAnswer],
			Answer:      secs[secAnswer],
			FollowUps:   secs[secFollowUps],
			Pitfalls:    secs[secPitfalls],
		}
		if lang == "en" {
			e.EN = t
		} else {
			e.ZH = t
		}
	}
	sum := sha256.Sum256(data)
	e.ContentHash = hex.EncodeToString(sum[:])
	return e, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func validateKBMeta(name string, m *kbFrontMatter) error {
	want := path.Base(name)
	if !slugRE.MatchString(m.Slug) {
		return fmt.Errorf("%s: slug %q must match %s", name, m.Slug, slugRE)
	}
	if want != m.Slug+".md" {
		return fmt.Errorf("%s: slug %q does not match the file name", name, m.Slug)
	}
	if _, ok := goprep.TopicBySlug(m.Topic); !ok {
		return fmt.Errorf("%s: unknown topic %q (see topics.go)", name, m.Topic)
	}
	if dir := path.Base(path.Dir(name)); dir != m.Topic {
		return fmt.Errorf("%s: topic %q but the file is in %q", name, m.Topic, dir)
	}
	switch m.Difficulty {
	case goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard:
	default:
		return fmt.Errorf("%s: difficulty %q must be easy, medium or hard", name, m.Difficulty)
	}
	for _, s := range slices.Concat(m.RelatedEntries, m.RelatedProblems) {
		if !slugRE.MatchString(s) {
			return fmt.Errorf("%s: related slug %q is malformed", name, s)
		}
	}
	return nil
}

func splitFrontMatter(data []byte) (fm, body []byte, err error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, fmt.Errorf("missing front matter (the file must start with ---)")
	}
	rest := data[4:]
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, nil, fmt.Errorf("front matter is not closed by ---")
	}
	return rest[:i+1], rest[i+5:], nil
}

// splitLanguages cuts the body at the top-level "# English" and "# 中文"
// headings, ignoring lines inside fenced code blocks.
func splitLanguages(body []byte) (map[string]string, error) {
	out := map[string]*strings.Builder{}
	var cur *strings.Builder
	inFence := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), MaxKBFileSize)
	for sc.Scan() {
		line := sc.Text()
		if isFence(line) {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "# ") {
			var lang string
			switch strings.TrimSpace(line[2:]) {
			case "English":
				lang = "en"
			case "中文":
				lang = "zh"
			default:
				return nil, fmt.Errorf("unexpected top-level heading %q (want # English or # 中文)", line)
			}
			if out[lang] != nil {
				return nil, fmt.Errorf("language heading %q appears twice", line)
			}
			cur = &strings.Builder{}
			out[lang] = cur
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) != "" {
				return nil, fmt.Errorf("text before the first language heading: %q", line)
			}
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inFence {
		return nil, fmt.Errorf("a fenced code block is not closed")
	}
	if out["en"] == nil || out["zh"] == nil {
		return nil, fmt.Errorf("both # English and # 中文 are required")
	}
	return map[string]string{"en": out["en"].String(), "zh": out["zh"].String()}, nil
}

func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// splitSections cuts one language's text at its "## " headings.
func splitSections(text string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	inFence := false
	for line := range strings.Lines(text) {
		if isFence(line) {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "## ") {
			flush()
			name = strings.TrimSpace(line[3:])
			if !slices.Contains(sections, name) {
				return nil, fmt.Errorf("unknown section %q (want one of %s)", name, strings.Join(sections, ", "))
			}
			if _, dup := out[name]; dup {
				return nil, fmt.Errorf("section %q appears twice", name)
			}
			out[name] = ""
			continue
		}
		if name == "" {
			if strings.TrimSpace(line) != "" {
				return nil, fmt.Errorf("text before the first section: %q", strings.TrimSpace(line))
			}
			continue
		}
		b.WriteString(line)
	}
	flush()
	for _, s := range sections {
		if out[s] == "" {
			return nil, fmt.Errorf("section %q is missing or empty", s)
		}
	}
	return out, nil
}

// LoadKB reads every entry under fsys (the kb directory): files named
// <topic>/<slug>.md. It returns the entries that parsed and, when some did
// not, an error listing every malformed file and every duplicate slug.
func LoadKB(fsys fs.FS) ([]*goprep.KBEntry, error) {
	var entries []*goprep.KBEntry
	var errs []string
	seen := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") || strings.Count(p, "/") != 1 {
			return nil // FORMAT.md, README.md and the benchmarks are not entries
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		e, err := ParseKBEntry(p, data)
		if err != nil {
			errs = append(errs, err.Error())
			return nil
		}
		if other, dup := seen[e.Slug]; dup {
			errs = append(errs, fmt.Sprintf("%s: slug %q is also used by %s", p, e.Slug, other))
			return nil
		}
		seen[e.Slug] = p
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read kb: %w", err)
	}
	if len(errs) > 0 {
		return entries, fmt.Errorf("kb has %d malformed entries:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	return entries, nil
}
