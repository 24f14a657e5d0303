package postgres

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// selectQuery assembles the SELECT behind a List method from optional
// filters. Each distinct combination of filters is its own SQL text, which
// pgx prepares once per connection and then reuses.
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

// arg adds a parameter and returns its placeholder.
func (q *selectQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// and adds one condition.
func (q *selectQuery) and(cond string) {
	if q.where {
		q.sql.WriteString(" AND ")
	} else {
		q.sql.WriteString(" WHERE ")
		q.where = true
	}
	q.sql.WriteString(cond)
}

// eq adds "col = val", or nothing when val is empty: an empty query field
// does not filter.
func (q *selectQuery) eq(col, val string) {
	if val != "" {
		q.and(col + " = " + q.arg(val))
	}
}

// names adds the conditions every List shares: the name starts with
// prefix, and sorts strictly after after.
func (q *selectQuery) names(prefix, after string) {
	if prefix != "" {
		// A range of the "C" collation's byte order, not LIKE: LIKE would
		// read '_' and '%' in a name as wildcards. The range is exactly the
		// names that start with prefix, and the index scans just it.
		q.and("name >= " + q.arg(prefix))
		if end, ok := prefixEnd(prefix); ok {
			q.and("name < " + q.arg(end))
		}
	}
	if after != "" {
		q.and("name > " + q.arg(after))
	}
}

// orderLimit ends the query. limit <= 0 means no limit.
func (q *selectQuery) orderLimit(orderBy string, limit int) (string, []any) {
	q.sql.WriteString(" ORDER BY ")
	q.sql.WriteString(orderBy)
	if limit > 0 {
		// The limit is a parameter, not part of the text, so that each
		// filter combination stays one cached statement.
		q.sql.WriteString(" LIMIT " + q.arg(limit))
	}
	return q.sql.String(), q.args
}

// prefixEnd returns the least string greater than every string that starts
// with prefix, so that those strings are exactly [prefix, end) in byte
// order. ok is false when there is no such string: every string from
// prefix on starts with it.
//
// UTF-8 byte order is code point order, so end is prefix with its last
// character replaced by the next one; a last character that has no next
// one (U+10FFFF) is dropped and the one before it is advanced instead.
// Working in characters, not bytes, keeps end valid UTF-8, which a text
// parameter must be.
func prefixEnd(prefix string) (end string, ok bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		if r == utf8.RuneError && size <= 1 {
			// Not UTF-8: PostgreSQL rejects the prefix itself.
			return "", false
		}
		switch {
		case r == utf8.MaxRune:
			continue
		case r == 0xD7FF:
			r = 0xE000 // the surrogates between are not characters
		default:
			r++
		}
		return prefix + string(r), true
	}
	return "", false
}

// limitArg is the parameter of a "LIMIT $n" for limit: NULL, which
// PostgreSQL reads as no limit, when limit <= 0.
func limitArg(limit int) any {
	if limit <= 0 {
		return nil
	}
	return limit
}
