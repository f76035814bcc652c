package migrations_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/goprep/goprep/internal/searchtext"
	"github.com/goprep/goprep/migrations"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func sqliteDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db")+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresDB returns a handle on a schema of its own in the database named by
// GOPREP_TEST_POSTGRES, dropped when the test ends; it skips without it.
func postgresDB(t *testing.T) *sql.DB {
	t.Helper()
	base := os.Getenv("GOPREP_TEST_POSTGRES")
	if base == "" {
		t.Skip("set GOPREP_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run the Postgres tests")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	schema := "goprep_mtest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tables lists the user tables visible in the dialect's current schema.
func tables(t *testing.T, db *sql.DB, dialect string) map[string]bool {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if dialect == migrations.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// migrator returns a fresh database of the dialect and a Migrator on it.
func migrator(t *testing.T, dialect string) (*sql.DB, *migrations.Migrator) {
	t.Helper()
	var db *sql.DB
	if dialect == migrations.SQLite {
		db = sqliteDB(t)
	} else {
		db = postgresDB(t)
	}
	m, err := migrations.New(db, dialect)
	if err != nil {
		t.Fatal(err)
	}
	return db, m
}

var wantTables = []string{"users", "refresh_tokens", "api_keys", "problems", "problem_sets", "set_problems",
	"assignments", "submissions", "best_scores", "kb_entries", "review_states", "webhooks",
	"webhook_deliveries", "leaderboard_rows"}

func TestUpDownUp(t *testing.T) {
	for _, dialect := range []string{migrations.SQLite, migrations.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			db, m := migrator(t, dialect)
			ctx := context.Background()
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(st) < 5 {
				t.Fatalf("status lists %d migrations, want at least 5", len(st))
			}
			for _, s := range st {
				if s.Applied {
					t.Errorf("%s applied on an empty database", s.Name)
				}
			}

			applied, err := m.Up(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != len(st) {
				t.Errorf("Up applied %d, want %d", len(applied), len(st))
			}
			have := tables(t, db, dialect)
			for _, n := range wantTables {
				if !have[n] {
					t.Errorf("table %s missing after up", n)
				}
			}
			if again, err := m.Up(ctx); err != nil || len(again) != 0 {
				t.Errorf("second Up = %v, %v; want nothing to do", again, err)
			}

			// Down all the way, one step at a time, then up again.
			for i := len(st) - 1; i >= 0; i-- {
				name, err := m.Down(ctx)
				if err != nil {
					t.Fatalf("down %d: %v", i, err)
				}
				if name != st[i].Name {
					t.Errorf("down rolled back %s, want %s", name, st[i].Name)
				}
			}
			have = tables(t, db, dialect)
			for _, n := range wantTables {
				if have[n] {
					t.Errorf("table %s left after down", n)
				}
			}
			if v, err := m.Version(ctx); err != nil || v != 0 {
				t.Errorf("version after down = %d, %v; want 0", v, err)
			}
			if _, err := m.Up(ctx); err != nil {
				t.Fatalf("up after down: %v", err)
			}
			st, err = m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range st {
				if !s.Applied || s.AppliedAt.IsZero() {
					t.Errorf("%s not applied after up: %+v", s.Name, s)
				}
			}
		})
	}
}

// TestSQLiteFullText proves that the driver has FTS5 with the trigram
// tokenizer and that the triggers keep the index in sync.
func TestSQLiteFullText(t *testing.T) {
	db := sqliteDB(t)
	ctx := context.Background()
	m, err := migrations.New(db, migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO kb_entries (slug, topic, difficulty, en_question, zh_question, zh_head_bigrams, created_at, updated_at)
		VALUES ('close-channel', 'channel-internals', 'easy', 'Who should close a channel?', '谁应该关闭通道？', '谁应 应该 该关 关闭 闭通 通道', '2026-01-01', '2026-01-01')`)
	if err != nil {
		t.Fatal(err)
	}
	count := func(table, match string) int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+table+` MATCH ?`, match).Scan(&n); err != nil {
			t.Fatalf("%s MATCH %q: %v", table, match, err)
		}
		return n
	}
	for _, c := range []struct {
		table, match string
		want         int
	}{
		{"kb_fts", `"should"`, 1},
		{"kb_fts", `"LOSE A CHAN"`, 1}, // trigram: substring, case-insensitive
		{"kb_fts", `"关闭通道"`, 1},
		{"kb_fts", `"打开通道"`, 0},
		{"kb_words", `"通道"`, 1}, // bigram: two-character Chinese words
		{"kb_words", `"关闭" AND "通道"`, 1},
		{"kb_words", `"打开"`, 0},
	} {
		if got := count(c.table, c.match); got != c.want {
			t.Errorf("%s MATCH %s = %d rows, want %d", c.table, c.match, got, c.want)
		}
	}
	if _, err := db.Exec(`UPDATE kb_entries SET en_question = 'Who may send on a channel?' WHERE slug = 'close-channel'`); err != nil {
		t.Fatal(err)
	}
	if got := count("kb_fts", `"should"`); got != 0 {
		t.Errorf("after update, 'should' still matches %d rows", got)
	}
	if got := count("kb_fts", `"send"`); got != 1 {
		t.Errorf("after update, 'send' matches %d rows, want 1", got)
	}
	if _, err := db.Exec(`DELETE FROM kb_entries`); err != nil {
		t.Fatal(err)
	}
	if got := count("kb_words", `"通道"`); got != 0 {
		t.Errorf("after delete, the bigram index still has %d rows", got)
	}
}

// TestQuestionWordsBackfill proves that Go migration 8 fills
// kb_entries.question_words for entries written before it, the way the store
// computes it, and (on SQLite) that the word index's question column then
// finds them by a Chinese word of their question and by a Chinese tag.
func TestQuestionWordsBackfill(t *testing.T) {
	for _, dialect := range []string{migrations.SQLite, migrations.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			db, m := migrator(t, dialect)
			ctx := context.Background()
			if _, err := m.UpTo(ctx, 7); err != nil {
				t.Fatal(err)
			}
			insert := `INSERT INTO kb_entries (slug, topic, difficulty, tags, en_question, zh_question, created_at, updated_at)
				VALUES ('slice-growth', 'slices', 'medium', '["append","切片扩容"]', 'How does append grow a slice?', '切片如何增长？', '2026-01-01', '2026-01-01')`
			if _, err := db.Exec(insert); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := db.QueryRow(`SELECT question_words FROM kb_entries WHERE slug = 'slice-growth'`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			want := searchtext.QuestionWords("How does append grow a slice?", "切片如何增长？", "slice-growth", "slices",
				[]string{"append", "切片扩容"})
			if got != want {
				t.Fatalf("question_words = %q, want %q", got, want)
			}
			if dialect != migrations.SQLite {
				return
			}
			for _, match := range []string{`question : "增长"`, `question : "扩容"`, `question : "append"`} {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM kb_words WHERE kb_words MATCH ?`, match).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("kb_words MATCH %s = %d rows, want 1", match, n)
				}
			}
		})
	}
}
