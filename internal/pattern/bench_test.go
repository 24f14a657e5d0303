package pattern

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// benchEvent is a realistic envelope of about 1 KB: a custom order event
// with nested objects, an array of objects and free text.
var benchEvent = []byte(`{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed","source":"com.example.orders","account":"123456789012","time":"2024-01-02T03:04:05Z","region":"us-east-1","resources":["arn:aws:dynamodb:us-east-1:123456789012:table/orders","arn:aws:sqs:us-east-1:123456789012:fulfilment"],"detail":{"orderId":"ord-000042","status":"PLACED","channel":"web","total":149.99,"currency":"USD","sourceIp":"10.1.2.3","customer":{"id":"cust-8812","tier":"gold","email":"jane.doe@example.com","since":"2019-05-14"},"items":[{"sku":"sku-1001","name":"Espresso beans, 1 kg","qty":2,"price":49.99},{"sku":"sku-2002","name":"Burr grinder","qty":1,"price":50.01}],"shipping":{"method":"express","carrier":"ups","address":{"line1":"1200 Example Avenue","city":"Seattle","region":"WA","country":"US","zip":"98101"}},"payment":{"method":"card","brand":"visa","last4":"4242","authorised":true},"tags":["new-customer","promo-spring"],"notes":"Leave at the front door and ring twice; the dog is friendly. Gift wrap please.","metadata":{"traceId":"1-5f84c7a2-3c7b4c6e2f0a1b2c3d4e5f60","attempt":1}}}`)

// benchRule returns rule i of a rule set of the given kind. Rules share
// one source, spread over ten detail types (one in ten has the event's),
// and add one or two detail fields whose operands differ from rule to
// rule. Rule 0 of each set matches the event, and a few more may, as on a
// real bus.
func benchRule(kind string, i int) string {
	head := fmt.Sprintf(`"source":["com.example.orders"],"detail-type":["%s"]`, benchDetailType(i))
	switch kind {
	case "exact":
		return fmt.Sprintf(`{%s,"detail":{"orderId":["ord-%06d"],"channel":["web"]}}`, head, 42+i/10)
	case "prefix":
		return fmt.Sprintf(`{%s,"detail":{"orderId":[{"prefix":"ord-%0*d"}]}}`, head, 2+i%5, i/10)
	case "suffix":
		return fmt.Sprintf(`{%s,"detail":{"orderId":[{"suffix":"%d"}]}}`, head, 42+100*(i/10))
	case "wildcard":
		return fmt.Sprintf(`{%s,"detail":{"orderId":[{"wildcard":"ord-*%d"}]}}`, head, 42+100*(i/10))
	case "anything-but":
		return fmt.Sprintf(`{%s,"detail":{"status":[{"anything-but":["CANCELLED","RETURNED-%d"]}],"customer":{"id":["cust-%d"]}}}`, head, i, 8812+i/10)
	case "numeric":
		return fmt.Sprintf(`{%s,"detail":{"total":[{"numeric":[">=",%d,"<",%d]}]}}`, head, 149-i/10, 150-i/10)
	case "cidr":
		k := 1 + 2*256 + i/10
		return fmt.Sprintf(`{%s,"detail":{"sourceIp":[{"cidr":"10.%d.%d.0/24"}]}}`, head, k%256, k/256%256)
	case "mixed":
		kinds := []string{"exact", "prefix", "suffix", "wildcard", "anything-but", "numeric", "cidr"}
		return benchRule(kinds[i%len(kinds)], i/len(kinds))
	}
	panic(kind)
}

func benchDetailType(i int) string {
	if i%10 == 0 {
		return "Order Placed"
	}
	return fmt.Sprintf("Order Event %d", i%10)
}

var benchKinds = []string{"exact", "prefix", "suffix", "wildcard", "anything-but", "numeric", "cidr", "mixed"}

var benchSizes = []int{1, 10, 100, 1000, 10000}

var (
	benchMu       sync.Mutex
	benchMatchers = map[string]*Matcher{}
)

// benchMatcher builds (once) the matcher of n rules of a kind.
func benchMatcher(b *testing.B, kind string, n int) *Matcher {
	benchMu.Lock()
	defer benchMu.Unlock()
	key := fmt.Sprint(kind, n)
	if m := benchMatchers[key]; m != nil {
		return m
	}
	m := NewMatcher()
	rules := make(map[string]*Pattern, n)
	for i := 0; i < n; i++ {
		p, err := Parse(benchRule(kind, i))
		if err != nil {
			b.Fatal(err)
		}
		rules[fmt.Sprint("rule-", i)] = p
	}
	m.SetMany(rules)
	benchMatchers[key] = m
	return m
}

// BenchmarkMatch measures events matched per second by one goroutine.
func BenchmarkMatch(b *testing.B) {
	for _, kind := range benchKinds {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/rules=%d", kind, n), func(b *testing.B) {
				m := benchMatcher(b, kind, n)
				dst := make([]string, 0, 64)
				if got, err := m.Match(benchEvent, dst); err != nil {
					b.Fatal(err)
				} else if len(got) == 0 {
					b.Fatalf("no rule matches the event")
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					dst, _ = m.Match(benchEvent, dst[:0])
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkMatchParallel measures events matched per second by all cores
// on one Matcher.
func BenchmarkMatchParallel(b *testing.B) {
	for _, kind := range []string{"exact", "mixed"} {
		b.Run(fmt.Sprintf("%s/rules=10000", kind), func(b *testing.B) {
			m := benchMatcher(b, kind, 10000)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				dst := make([]string, 0, 64)
				for pb.Next() {
					dst, _ = m.Match(benchEvent, dst[:0])
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkMemoryPerRule reports the heap a rule set keeps alive, per
// rule: the parsed patterns and the compiled matcher together, and the
// matcher alone.
func BenchmarkMemoryPerRule(b *testing.B) {
	for _, kind := range []string{"exact", "prefix", "mixed"} {
		b.Run(fmt.Sprintf("%s/rules=10000", kind), func(b *testing.B) {
			const n = 10000
			var total, matcher float64
			for i := 0; i < b.N; i++ {
				before := heapInUse()
				rules := make(map[string]*Pattern, n)
				for j := 0; j < n; j++ {
					p, err := Parse(benchRule(kind, j))
					if err != nil {
						b.Fatal(err)
					}
					rules[fmt.Sprint("rule-", j)] = p
				}
				parsed := heapInUse()
				m := NewMatcher()
				m.SetMany(rules)
				built := heapInUse()
				total = float64(built-before) / n
				matcher = float64(built-parsed) / n
				runtime.KeepAlive(m)
				runtime.KeepAlive(rules)
			}
			b.ReportMetric(total, "B/rule")
			b.ReportMetric(matcher, "matcherB/rule")
		})
	}
}

// BenchmarkSet measures adding one rule to a matcher of 10,000 rules and
// removing it again: the cost of a PutRule on a large bus.
func BenchmarkSet(b *testing.B) {
	m := NewMatcher()
	rules := map[string]*Pattern{}
	for i := 0; i < 10000; i++ {
		rules[fmt.Sprint("rule-", i)] = mustParse(b, benchRule("exact", i))
	}
	m.SetMany(rules)
	p := mustParse(b, benchRule("exact", 10001))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Set("extra", p)
		m.Delete("extra")
	}
}

func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkIsObject reads the detail of the benchmark event, as PutEvents
// checks every entry's detail, beside encoding/json.Valid for scale.
func BenchmarkIsObject(b *testing.B) {
	var ev struct{ Detail json.RawMessage }
	if err := json.Unmarshal(benchEvent, &ev); err != nil {
		b.Fatal(err)
	}
	detail := string(ev.Detail)
	b.Run("IsObject", func(b *testing.B) {
		b.SetBytes(int64(len(detail)))
		b.ReportAllocs()
		for b.Loop() {
			if !IsObject(detail) {
				b.Fatal("not an object")
			}
		}
	})
	b.Run("json.Valid", func(b *testing.B) {
		b.SetBytes(int64(len(detail)))
		b.ReportAllocs()
		for b.Loop() {
			if !json.Valid([]byte(detail)) {
				b.Fatal("not valid")
			}
		}
	})
}
