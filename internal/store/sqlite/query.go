package sqlite

import (
	"strings"
	"unicode/utf8"
)

// selectQuery assembles the SELECT behind a List method from optional
// filters. The result is plain SQL with ? placeholders; each distinct
// combination of filters is its own statement, prepared once.
type selectQuery struct {
	sql   strings.Builder
	args  []any
	where bool
}

func newSelect(base string) *selectQuery {
	q := &selectQuery{}
	q.sql.WriteString(base)
	return q
}

// and adds one condition.
func (q *selectQuery) and(cond string, args ...any) {
	if q.where {
		q.sql.WriteString(" AND ")
	} else {
		q.sql.WriteString(" WHERE ")
		q.where = true
	}
	q.sql.WriteString(cond)
	q.args = append(q.args, args...)
}

// eq adds "col = val", or nothing when val is empty: an empty query field
// does not filter.
func (q *selectQuery) eq(col, val string) {
	if val != "" {
		q.and(col+" = ?", val)
	}
}

// names adds the conditions every List shares: the name starts with
// prefix, and sorts strictly after after.
func (q *selectQuery) names(prefix, after string) {
	if prefix != "" {
		// Not LIKE: SQLite's LIKE ignores ASCII case, and '_' or '%' in a
		// name would act as wildcards. substr compares exactly (it counts
		// characters, in SQLite and PostgreSQL alike); name >= prefix lets
		// the index start the scan at the first candidate.
		q.and("name >= ? AND substr(name, 1, ?) = ?", prefix, utf8.RuneCountInString(prefix), prefix)
	}
	if after != "" {
		q.and("name > ?", after)
	}
}

// orderLimit ends the query. limit <= 0 means no limit.
func (q *selectQuery) orderLimit(orderBy string, limit int) (string, []any) {
	q.sql.WriteString(" ORDER BY ")
	q.sql.WriteString(orderBy)
	if limit > 0 {
		// The limit is a parameter, not part of the text, so that each
		// filter combination stays one cached statement.
		q.sql.WriteString(" LIMIT ?")
		q.args = append(q.args, limit)
	}
	return q.sql.String(), q.args
}
