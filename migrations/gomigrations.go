package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/goprep/goprep/internal/searchtext"
)

// goMigrations are the migrations that need Go, not SQL: they compute values
// the store derives from an entry (Chinese bigrams), for rows that exist when
// the migration runs. Their versions sit between the SQL files'.
func goMigrations(dialect string) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(8,
			&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error { return fillQuestionWords(ctx, tx, dialect) }},
			&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE kb_entries SET question_words = ''")
				return err
			}}),
	}
}

// fillQuestionWords sets kb_entries.question_words (added by 00007) on every
// entry, as the store computes it on write.
func fillQuestionWords(ctx context.Context, tx *sql.Tx, dialect string) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, en_question, zh_question, slug, topic, tags FROM kb_entries")
	if err != nil {
		return err
	}
	type entry struct {
		id    int64
		words string
	}
	var todo []entry
	for rows.Next() {
		var id int64
		var en, zh, slug, topic, tagsJSON string
		if err := rows.Scan(&id, &en, &zh, &slug, &topic, &tagsJSON); err != nil {
			rows.Close()
			return err
		}
		var tags []string
		if err := json.Unmarshal([]byte(tagsJSON), &tags); err != nil {
			rows.Close()
			return fmt.Errorf("kb entry %d: tags: %w", id, err)
		}
		todo = append(todo, entry{id, searchtext.QuestionWords(en, zh, slug, topic, tags)})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	update := "UPDATE kb_entries SET question_words = ? WHERE id = ?"
	if dialect == Postgres {
		update = "UPDATE kb_entries SET question_words = $1 WHERE id = $2"
	}
	for _, e := range todo {
		if _, err := tx.ExecContext(ctx, update, e.words, e.id); err != nil {
			return err
		}
	}
	return nil
}
