package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/internal/searchtext"
	"gorm.io/gorm"
)

var _ goprep.KBService = (*DB)(nil)

type kbEntryRow struct {
	ID              int64 `gorm:"primaryKey"`
	Slug            string
	Topic           string
	Difficulty      string
	Tags            string
	GoVersion       string
	RelatedProblems string
	RelatedEntries  string
	ENQuestion      string `gorm:"column:en_question"`
	ENShortAnswer   string `gorm:"column:en_short_answer"`
	ENAnswer        string `gorm:"column:en_answer"`
	ENFollowUps     string `gorm:"column:en_follow_ups"`
	ENPitfalls      string `gorm:"column:en_pitfalls"`
	ZHQuestion      string `gorm:"column:zh_question"`
	ZHShortAnswer   string `gorm:"column:zh_short_answer"`
	ZHAnswer        string `gorm:"column:zh_answer"`
	ZHFollowUps     string `gorm:"column:zh_follow_ups"`
	ZHPitfalls      string `gorm:"column:zh_pitfalls"`
	ZHHeadBigrams   string `gorm:"column:zh_head_bigrams"`
	ZHBodyBigrams   string `gorm:"column:zh_body_bigrams"`
	QuestionWords   string `gorm:"column:question_words"`
	ContentHash     string
	Source          string
	EditedViaAPI    bool `gorm:"column:edited_via_api"`
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (kbEntryRow) TableName() string { return "kb_entries" }

// kbColumns are the columns a read needs (not the derived search text).
var kbColumns = []string{"id", "slug", "topic", "difficulty", "tags", "go_version", "related_problems",
	"related_entries", "en_question", "en_short_answer", "en_answer", "en_follow_ups", "en_pitfalls",
	"zh_question", "zh_short_answer", "zh_answer", "zh_follow_ups", "zh_pitfalls", "content_hash",
	"source", "edited_via_api", "version", "created_at", "updated_at"}

func kbToRow(e *goprep.KBEntry) kbEntryRow {
	return kbEntryRow{
		ID: e.ID, Slug: e.Slug, Topic: e.Topic, Difficulty: e.Difficulty,
		Tags: toJSON(nonNil(e.Tags), "[]"), GoVersion: e.GoVersion,
		RelatedProblems: toJSON(nonNil(e.RelatedProblems), "[]"), RelatedEntries: toJSON(nonNil(e.RelatedEntries), "[]"),
		ENQuestion: e.EN.Question, ENShortAnswer: e.EN.ShortAnswer, ENAnswer: e.EN.Answer,
		ENFollowUps: e.EN.FollowUps, ENPitfalls: e.EN.Pitfalls,
		ZHQuestion: e.ZH.Question, ZHShortAnswer: e.ZH.ShortAnswer, ZHAnswer: e.ZH.Answer,
		ZHFollowUps: e.ZH.FollowUps, ZHPitfalls: e.ZH.Pitfalls,
		ZHHeadBigrams: searchtext.Bigrams(e.ZH.Question + "\n" + e.ZH.ShortAnswer),
		ZHBodyBigrams: searchtext.Bigrams(e.ZH.Answer + "\n" + e.ZH.FollowUps + "\n" + e.ZH.Pitfalls),
		QuestionWords: searchtext.QuestionWords(e.EN.Question, e.ZH.Question, e.Slug, e.Topic, e.Tags),
		ContentHash:   e.ContentHash, Source: e.Source, EditedViaAPI: e.EditedViaAPI, Version: e.Version,
	}
}

func (r *kbEntryRow) domain() (*goprep.KBEntry, error) {
	e := &goprep.KBEntry{
		ID: r.ID, Slug: r.Slug, Topic: r.Topic, Difficulty: r.Difficulty, GoVersion: r.GoVersion,
		EN: goprep.KBText{Question: r.ENQuestion, ShortAnswer: r.ENShortAnswer, Answer: r.ENAnswer,
			FollowUps: r.ENFollowUps, Pitfalls: r.ENPitfalls},
		ZH: goprep.KBText{Question: r.ZHQuestion, ShortAnswer: r.ZHShortAnswer, Answer: r.ZHAnswer,
			FollowUps: r.ZHFollowUps, Pitfalls: r.ZHPitfalls},
		ContentHash: r.ContentHash, Source: r.Source, EditedViaAPI: r.EditedViaAPI, Version: r.Version,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
	var err error
	if e.Tags, err = fromJSON[[]string](r.Tags, "kb_entries.tags"); err != nil {
		return nil, err
	}
	if e.RelatedProblems, err = fromJSON[[]string](r.RelatedProblems, "kb_entries.related_problems"); err != nil {
		return nil, err
	}
	if e.RelatedEntries, err = fromJSON[[]string](r.RelatedEntries, "kb_entries.related_entries"); err != nil {
		return nil, err
	}
	e.Tags, e.RelatedProblems, e.RelatedEntries = nonNil(e.Tags), nonNil(e.RelatedProblems), nonNil(e.RelatedEntries)
	return e, nil
}

// KBContentHash is the hash UpsertKBEntry uses when an entry carries none:
// SHA-256 over the entry's content (not its id, version, source or times).
func KBContentHash(e *goprep.KBEntry) string {
	b, _ := json.Marshal([]any{e.Slug, e.Topic, e.Difficulty, nonNil(e.Tags), e.GoVersion,
		nonNil(e.RelatedProblems), nonNil(e.RelatedEntries), e.EN, e.ZH})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func checkKBEntry(e *goprep.KBEntry) error {
	fields := map[string]string{}
	if e.Slug == "" {
		fields["slug"] = "is required"
	}
	if e.Topic == "" {
		fields["topic"] = "is required"
	}
	switch e.Difficulty {
	case goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard:
	default:
		fields["difficulty"] = "must be easy, medium or hard"
	}
	if e.EN.Question == "" && e.ZH.Question == "" {
		fields["question"] = "is required in at least one language"
	}
	if len(fields) > 0 {
		return &goprep.Error{Code: goprep.EINVALID, Message: "Invalid knowledge-base entry.", Fields: fields}
	}
	if e.Source == "" {
		e.Source = "catalog"
	}
	e.Tags, e.RelatedProblems, e.RelatedEntries = nonNil(e.Tags), nonNil(e.RelatedProblems), nonNil(e.RelatedEntries)
	return nil
}

// UpsertKBEntry inserts e or updates the entry with its slug, idempotently by
// content hash (computed with KBContentHash when e has none):
//
//   - a new slug is inserted with version 1;
//   - an unchanged hash writes nothing and reports changed=false;
//   - a changed hash updates the row and bumps its version — unless the row
//     was edited through the API and e was not (e.EditedViaAPI false, i.e. the
//     catalog loader): then nothing is written and the error is ECONFLICT, so
//     an author's edit is never silently overwritten by a file;
//   - for an API edit (e.EditedViaAPI) with e.Version set, the stored version
//     must equal it (optimistic locking), else ECONFLICT.
//
// e.ID, Version and the timestamps are set from the row.
func (db *DB) UpsertKBEntry(ctx context.Context, e *goprep.KBEntry) (changed bool, err error) {
	if err := checkKBEntry(e); err != nil {
		return false, err
	}
	if e.ContentHash == "" {
		e.ContentHash = KBContentHash(e)
	}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		var cur kbEntryRow
		err := tx.Select("id", "content_hash", "edited_via_api", "version", "created_at", "updated_at", "source").
			Where("slug = ?", e.Slug).Take(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			r := kbToRow(e)
			r.ID, r.Version, r.CreatedAt, r.UpdatedAt = 0, 1, now, now
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
			e.ID, e.Version, e.CreatedAt, e.UpdatedAt, changed = r.ID, 1, now, now, true
			return nil
		case err != nil:
			return err
		}
		if e.EditedViaAPI && e.Version != 0 && e.Version != cur.Version {
			return goprep.Errorf(goprep.ECONFLICT, "entry %q is at version %d, not %d: reload it and edit again", e.Slug, cur.Version, e.Version)
		}
		if cur.ContentHash == e.ContentHash {
			e.ID, e.Version, e.CreatedAt, e.UpdatedAt = cur.ID, cur.Version, utc(cur.CreatedAt), utc(cur.UpdatedAt)
			e.EditedViaAPI, e.Source = cur.EditedViaAPI, cur.Source
			return nil
		}
		if cur.EditedViaAPI && !e.EditedViaAPI {
			return goprep.Errorf(goprep.ECONFLICT,
				"entry %q was edited through the API (version %d); the catalog file differs and was not loaded over it", e.Slug, cur.Version)
		}
		r := kbToRow(e)
		r.ID, r.Version, r.CreatedAt, r.UpdatedAt = cur.ID, cur.Version+1, cur.CreatedAt, now
		if err := tx.Select("*").Omit("id", "created_at").Where("id = ?", cur.ID).Updates(&r).Error; err != nil {
			return err
		}
		e.ID, e.Version, e.CreatedAt, e.UpdatedAt, changed = cur.ID, r.Version, utc(cur.CreatedAt), now, true
		return nil
	})
	return changed, dbError(err, "upsert kb entry "+e.Slug, fmt.Sprintf("entry %q", e.Slug))
}

// KBEntryByID returns the entry with id.
func (db *DB) KBEntryByID(ctx context.Context, id int64) (*goprep.KBEntry, error) {
	var r kbEntryRow
	if err := db.reader(ctx).Select(kbColumns).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, "kb entry by id", "entry")
	}
	return r.domain()
}

// KBEntryBySlug returns the entry with slug.
func (db *DB) KBEntryBySlug(ctx context.Context, slug string) (*goprep.KBEntry, error) {
	var r kbEntryRow
	if err := db.reader(ctx).Select(kbColumns).Where("slug = ?", slug).Take(&r).Error; err != nil {
		return nil, dbError(err, "kb entry by slug", fmt.Sprintf("entry %q", slug))
	}
	return r.domain()
}

// kbEntriesByID loads entries by id, in the order of ids.
func (db *DB) kbEntriesByID(ctx context.Context, ids []int64) ([]*goprep.KBEntry, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []kbEntryRow
	if err := db.reader(ctx).Select(kbColumns).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, dbError(err, "kb entries by id", "entry")
	}
	byID := make(map[int64]*goprep.KBEntry, len(rows))
	for i := range rows {
		e, err := rows[i].domain()
		if err != nil {
			return nil, err
		}
		byID[e.ID] = e
	}
	out := make([]*goprep.KBEntry, 0, len(ids))
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// DeleteKBEntry deletes the entry (and its review states); ENOTFOUND if none.
func (db *DB) DeleteKBEntry(ctx context.Context, id int64) error {
	res := db.writer(ctx).Where("id = ?", id).Delete(&kbEntryRow{})
	if res.Error != nil {
		return dbError(res.Error, "delete kb entry", "entry")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ENOTFOUND, "entry not found")
	}
	return nil
}

// KBTopics counts entries per topic.
func (db *DB) KBTopics(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Topic string
		N     int64
	}
	if err := db.reader(ctx).Model(&kbEntryRow{}).Select("topic, count(*) AS n").Group("topic").Scan(&rows).Error; err != nil {
		return nil, dbError(err, "kb topics", "topic")
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Topic] = r.N
	}
	return out, nil
}

// OptimizeSearch compacts the knowledge-base search indexes and updates the
// planner's statistics. Call it after a bulk import (goprep import, the
// catalog load at start): SQLite's FTS5 indexes are fastest merged into one
// segment, and its WAL is checkpointed so readers do not page through it.
func (db *DB) OptimizeSearch(ctx context.Context) error {
	stmts := []string{"ANALYZE kb_entries"}
	if db.dialect != "postgres" {
		stmts = []string{
			"INSERT INTO kb_words (kb_words) VALUES ('optimize')",
			"INSERT INTO kb_fts (kb_fts) VALUES ('optimize')",
			"PRAGMA wal_checkpoint(TRUNCATE)",
			"PRAGMA optimize",
		}
	}
	for _, s := range stmts {
		if err := db.writer(ctx).Exec(s).Error; err != nil {
			return fmt.Errorf("optimize search: %s: %w", s, err)
		}
	}
	return nil
}
