package store

import (
	"context"
	"strings"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/internal/searchtext"
)

// ftsPhrase quotes a term as an FTS5 phrase.
func ftsPhrase(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// SearchKB finds entries by words in English or Chinese and by code
// identifiers, filtered by topic, difficulty and language, best first, with a
// highlighted, HTML-escaped snippet. Every term of the query must match
// (AND), case-insensitively:
//
//   - terms of 3+ characters match as substrings through the trigram index
//     (SQLite FTS5 trigram; Postgres pg_trgm), which covers Chinese phrases and
//     identifiers such as WaitGroup or errgroup.SetLimit;
//   - two-character terms match whole words through the word index, where
//     Chinese text is indexed as character bigrams, so 通道 or 关闭 are index
//     lookups too;
//   - anything else (a single character) is a substring scan of the text.
//
// An empty query lists the entries matching the filters by id. Pages use an
// offset cursor.
func (db *DB) SearchKB(ctx context.Context, q goprep.KBQuery, p goprep.Page) ([]goprep.KBHit, string, int64, error) {
	p = p.Normalize()
	off, err := decodeOffsetCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	switch q.Lang {
	case "", "en", "zh":
	default:
		return nil, "", 0, goprep.Errorf(goprep.EINVALID, "lang must be en or zh")
	}
	terms := searchTerms(q.Q)
	// Single characters only narrow a query that has other terms.
	if len(terms) > 1 {
		kept := terms[:0:0]
		for _, t := range terms {
			if len([]rune(t)) > 1 {
				kept = append(kept, t)
			}
		}
		if len(kept) > 0 {
			terms = kept
		}
	}

	var ranked []rankedID
	var total int64
	if db.dialect == "postgres" {
		ranked, total, err = db.searchPostgres(ctx, q, terms, p.Limit+1, off, false)
		if err == nil && total == 0 && len(terms) > 1 {
			// No entry has every term: rank those that have any of them.
			ranked, total, err = db.searchPostgres(ctx, q, terms, p.Limit+1, off, true)
		}
	} else {
		ranked, total, err = db.searchSQLite(ctx, q, terms, p.Limit+1, off)
	}
	if err != nil {
		return nil, "", 0, dbError(err, "search kb", "entry")
	}
	next := ""
	if len(ranked) > p.Limit {
		ranked = ranked[:p.Limit]
		next = offsetCursor(off + p.Limit)
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	entries, err := db.kbEntriesByID(ctx, ids)
	if err != nil {
		return nil, "", 0, err
	}
	hits := make([]goprep.KBHit, 0, len(entries))
	for i, e := range entries {
		hits = append(hits, goprep.KBHit{Entry: e, Snippet: hitSnippet(e, terms, q.Lang), Rank: ranked[i].Rank})
	}
	return hits, next, total, nil
}

type rankedID struct {
	ID    int64
	Rank  float64
	Total int64
}

// hitSnippet picks the language to show (the one asked for, else the one the
// terms occur in, preferring Chinese when a term is Chinese) and cuts a
// snippet from its text.
func hitSnippet(e *goprep.KBEntry, terms []string, lang string) string {
	text := func(t goprep.KBText) string {
		return t.Question + "\n" + t.ShortAnswer + "\n" + t.Answer + "\n" + t.FollowUps + "\n" + t.Pitfalls
	}
	en, zh := text(e.EN), text(e.ZH)
	switch lang {
	case "en":
		return snippet(en, terms)
	case "zh":
		return snippet(zh, terms)
	}
	hasCJK := false
	for _, t := range terms {
		for _, r := range t {
			if searchtext.IsCJK(r) {
				hasCJK = true
			}
		}
	}
	if hasCJK || strings.TrimSpace(e.EN.Question) == "" {
		return snippet(zh, terms)
	}
	lowEN := en
	if len(lowEN) > maxSnippetSource {
		lowEN = lowEN[:maxSnippetSource]
	}
	lowEN = strings.ToLower(lowEN)
	for _, t := range terms {
		if strings.Contains(lowEN, strings.ToLower(t)) {
			return snippet(en, terms)
		}
	}
	if len(terms) > 0 && strings.TrimSpace(e.ZH.Question) != "" {
		return snippet(zh, terms)
	}
	return snippet(en, terms)
}

// searchSQLite answers a search from the word index kb_words (unicode61,
// Chinese as bigrams), which is fast for any term; when that finds nothing and
// a term is long enough, it retries with the trigram index kb_fts, whose
// substring matching finds words inside identifiers (Group in WaitGroup).
func (db *DB) searchSQLite(ctx context.Context, q goprep.KBQuery, terms []string, limit, offset int) ([]rankedID, int64, error) {
	rows, total, err := db.searchSQLiteWith(ctx, q, terms, limit, offset, false, false)
	if err != nil || total > 0 {
		return rows, total, err
	}
	for _, t := range terms {
		if classifyTerm(t) == termTrigram {
			rows, total, err = db.searchSQLiteWith(ctx, q, terms, limit, offset, true, false)
			if err != nil || total > 0 {
				return rows, total, err
			}
			break
		}
	}
	if len(terms) > 1 {
		// No entry has every term: rank those that have any of them.
		return db.searchSQLiteWith(ctx, q, terms, limit, offset, false, true)
	}
	return rows, total, nil
}

// wordTokens splits s the way FTS5's unicode61 tokenizer does: runs of
// letters and digits, lower-cased.
func wordTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isWordRune(r) })
}

// wordPhrase turns a term into an FTS5 phrase for kb_words: its tokens after
// the same bigram rewrite the index applies, the last one as a prefix when it
// is a Latin word of 3+ letters. It returns "" when the word index cannot
// answer the term (no tokens, or a single Chinese character).
func wordPhrase(t string) string {
	toks := wordTokens(searchtext.Bigrams(t))
	if len(toks) == 0 {
		return ""
	}
	if r := []rune(t); len(r) == 1 && searchtext.IsCJK(r[0]) {
		return ""
	}
	p := `"` + strings.Join(toks, " ") + `"`
	last := []rune(toks[len(toks)-1])
	if len(last) >= 3 && !searchtext.IsCJK(last[0]) {
		p += "*"
	}
	return p
}

// searchSQLiteWith runs one search: with trigram, terms of 3+ characters use
// the trigram index; with anyTerm, word-index terms are OR-ed instead of AND-ed
// (and terms the word index cannot answer are dropped).
func (db *DB) searchSQLiteWith(ctx context.Context, q goprep.KBQuery, terms []string, limit, offset int, trigram, anyTerm bool) ([]rankedID, int64, error) {
	var cols, scanCols string
	switch q.Lang {
	case "en":
		cols = "{en_head en_body meta} : "
		scanCols = "e.en_question || e.en_short_answer || e.en_answer || e.en_follow_ups || e.en_pitfalls"
	case "zh":
		cols = "{zh_head zh_body meta} : "
		scanCols = "e.zh_question || e.zh_short_answer || e.zh_answer || e.zh_follow_ups || e.zh_pitfalls"
	default:
		scanCols = "e.en_question || e.en_short_answer || e.en_answer || e.en_follow_ups || e.en_pitfalls || " +
			"e.zh_question || e.zh_short_answer || e.zh_answer || e.zh_follow_ups || e.zh_pitfalls"
	}
	var tri, words, scans []string
	for _, t := range terms {
		if trigram && classifyTerm(t) == termTrigram {
			tri = append(tri, cols+ftsPhrase(t))
			continue
		}
		if p := wordPhrase(t); p != "" {
			words = append(words, cols+p)
			continue
		}
		if !anyTerm {
			scans = append(scans, strings.ToLower(t))
		}
	}
	if anyTerm && len(words) == 0 {
		return nil, 0, nil
	}
	var sb strings.Builder
	var args []any
	rank := "0"
	if len(scans) == 0 {
		// id, topic and difficulty come from a small covering index, not the rows.
		sb.WriteString("FROM kb_entries e INDEXED BY kb_entries_filter ")
	} else {
		sb.WriteString("FROM kb_entries e ")
	}
	if len(tri) > 0 {
		sb.WriteString("JOIN (SELECT rowid AS rid, bm25(kb_fts, 10.0, 2.0, 10.0, 2.0, 6.0) AS r FROM kb_fts WHERE kb_fts MATCH ?) t ON t.rid = e.id ")
		args = append(args, strings.Join(tri, " AND "))
		rank += " + t.r"
	}
	if len(words) > 0 {
		sb.WriteString("JOIN (SELECT rowid AS rid, bm25(kb_words, 10.0, 2.0, 10.0, 2.0, 6.0, 8.0) AS r FROM kb_words WHERE kb_words MATCH ?) w ON w.rid = e.id ")
		op := " AND "
		if anyTerm {
			op = " OR "
		}
		args = append(args, strings.Join(words, op))
		rank += " + w.r"
	}
	sb.WriteString("WHERE 1 = 1")
	if q.Topic != "" {
		sb.WriteString(" AND e.topic = ?")
		args = append(args, q.Topic)
	}
	if q.Difficulty != "" {
		sb.WriteString(" AND e.difficulty = ?")
		args = append(args, q.Difficulty)
	}
	for _, s := range scans {
		sb.WriteString(" AND instr(lower(" + scanCols + "), ?) > 0")
		args = append(args, s)
	}
	var total int64
	if err := db.reader(ctx).Raw("SELECT count(*) "+sb.String(), args...).Scan(&total).Error; err != nil {
		return nil, 0, err
	}
	if total == 0 || offset >= int(total) {
		return nil, total, nil
	}
	// Entries whose question or tags name more of the terms come first (they
	// are what a reader recognizes as "the" entry); then bm25, which is lower
	// for better matches. The question test is an index lookup per term, not a
	// read of the (large) entry rows. Order by the
	// expressions themselves (an ORDER BY "rank" would name the negated output
	// column).
	order := "(" + rank + "), e.id"
	var orderArgs []any
	if rank == "0" {
		order = "e.id"
	} else if heads := headMatches(q.Lang, terms, trigram); len(heads) > 0 {
		inHead := make([]string, len(heads))
		for i, h := range heads {
			inHead[i] = "(e.id IN (SELECT rowid FROM " + h.table + " WHERE " + h.table + " MATCH ?))"
			orderArgs = append(orderArgs, h.match)
		}
		order = "(" + strings.Join(inHead, " + ") + ") DESC, " + order
	}
	var rows []rankedID
	qargs := append(append(append([]any{}, args...), orderArgs...), limit, offset)
	err := db.reader(ctx).Raw("SELECT e.id AS id, -("+rank+") AS rank "+sb.String()+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		qargs...).Scan(&rows).Error
	if err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}

// headMatch is an FTS5 query that finds the entries naming a term in their
// question, slug, topic or tags.
type headMatch struct{ table, match string }

// headMatches builds one headMatch per term the indexes can answer: the word
// index's question column (questions of both languages, slug, topic and tags)
// or, for 3+ character terms when the search runs on the trigram index, that
// index's head columns (question and short answer) and meta.
func headMatches(lang string, terms []string, trigram bool) []headMatch {
	cols := "{en_head zh_head meta} : "
	switch lang {
	case "en":
		cols = "{en_head meta} : "
	case "zh":
		cols = "{zh_head meta} : "
	}
	var out []headMatch
	for _, t := range terms {
		if trigram && classifyTerm(t) == termTrigram {
			out = append(out, headMatch{"kb_fts", cols + ftsPhrase(t)})
		} else if p := wordPhrase(t); p != "" {
			out = append(out, headMatch{"kb_words", "question : " + p})
		}
	}
	return out
}

// searchTotal takes the total from the window column, or counts when the page
// is past the end.
func (db *DB) searchTotal(ctx context.Context, rows []rankedID, offset int, countSQL string, args []any) (int64, error) {
	if len(rows) > 0 {
		return rows[0].Total, nil
	}
	if offset == 0 {
		return 0, nil
	}
	var n int64
	err := db.reader(ctx).Raw(countSQL, args...).Scan(&n).Error
	return n, err
}

// searchPostgres answers a search with the pg_trgm indexes (substring terms),
// the 'simple' tsvectors (two-character words and Chinese bigrams) and ranks
// by ts_rank plus trigram word similarity.
func (db *DB) searchPostgres(ctx context.Context, q goprep.KBQuery, terms []string, limit, offset int, anyTerm bool) ([]rankedID, int64, error) {
	var texts []string
	var tsvs []string
	switch q.Lang {
	case "en":
		texts, tsvs = []string{"e.search_en", "e.search_meta"}, []string{"e.tsv_en"}
	case "zh":
		texts, tsvs = []string{"e.search_zh", "e.search_meta"}, []string{"e.tsv_zh"}
	default:
		texts, tsvs = []string{"e.search_en", "e.search_zh", "e.search_meta"}, []string{"e.tsv_en", "e.tsv_zh"}
	}
	var where strings.Builder
	var args []any
	where.WriteString("WHERE TRUE")
	if q.Topic != "" {
		where.WriteString(" AND e.topic = ?")
		args = append(args, q.Topic)
	}
	if q.Difficulty != "" {
		where.WriteString(" AND e.difficulty = ?")
		args = append(args, q.Difficulty)
	}
	var enWords, zhWords, termConds []string
	for _, t := range terms {
		if classifyTerm(t) == termWord {
			var conds []string
			for _, v := range tsvs {
				conds = append(conds, v+" @@ phraseto_tsquery('simple', ?)")
				args = append(args, searchtext.Bigrams(t))
			}
			termConds = append(termConds, "("+strings.Join(conds, " OR ")+")")
		} else {
			var conds []string
			for _, c := range texts {
				conds = append(conds, c+` ILIKE ? ESCAPE '\'`)
				args = append(args, likePattern(t))
			}
			termConds = append(termConds, "("+strings.Join(conds, " OR ")+")")
		}
		if strings.IndexFunc(t, searchtext.IsCJK) >= 0 {
			zhWords = append(zhWords, strings.TrimSpace(searchtext.Bigrams(t)))
		} else {
			enWords = append(enWords, t)
		}
	}
	if len(termConds) > 0 {
		op := " AND "
		if anyTerm {
			op = " OR "
		}
		where.WriteString(" AND (" + strings.Join(termConds, op) + ")")
	}
	rank := "0"
	var rankArgs []any
	if len(terms) > 0 {
		rank = "ts_rank(e.tsv_en, websearch_to_tsquery('simple', ?)) + ts_rank(e.tsv_zh, websearch_to_tsquery('simple', ?))" +
			" + word_similarity(?, e.en_question || ' ' || e.zh_question || ' ' || e.search_meta)"
		rankArgs = append(rankArgs, strings.Join(enWords, " or "), strings.Join(zhWords, " or "), strings.Join(terms, " "))
	}
	order := "rank DESC, e.id"
	if len(terms) == 0 {
		order = "e.id"
	}
	sql := "SELECT e.id AS id, " + rank + " AS rank, count(*) OVER () AS total FROM kb_entries e " + where.String() +
		" ORDER BY " + order + " LIMIT ? OFFSET ?"
	all := append(append(append([]any{}, rankArgs...), args...), limit, offset)
	var rows []rankedID
	if err := db.reader(ctx).Raw(sql, all...).Scan(&rows).Error; err != nil {
		return nil, 0, err
	}
	n, err := db.searchTotal(ctx, rows, offset, "SELECT count(*) FROM kb_entries e "+where.String(), args)
	return rows, n, err
}
