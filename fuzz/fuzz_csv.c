/* Fuzz target for the CSV reader of bulk awards (src/app/csv.h).
 * Invariants, any violation aborts:
 * - record numbers increase strictly, every non-blank record is returned;
 * - a record without error has at least one field; every field is NUL-terminated
 *   at its length, valid per the limits (at most max_field bytes), and has no
 *   leading or trailing space or tab;
 * - a record with an error has a non-empty message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/err.h"

#include "app/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: invariant broken: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc__csv_row *rows;
	size_t n;
	const size_t max_field = 64;
	mc_arena_init(&a, 0);
	int rc = mc__csv_parse(&a, (const char *)data, size, 1000, max_field, &rows, &n, &err);
	check(rc == 0 || rc == MC_ELIMIT, "only MC_ELIMIT may fail");
	if (rc == 0) {
		int64_t last = 0;
		for (size_t i = 0; i < n; i++) {
			const struct mc__csv_row *r = &rows[i];
			check(r->num > last, "record numbers increase");
			last = r->num;
			if (r->error) {
				check(r->error[0] != '\0', "an error has a message");
				continue;
			}
			check(r->nf >= 1, "a record has a field");
			check(!(r->nf == 1 && r->f[0].n == 0), "blank records are left out");
			for (size_t k = 0; k < r->nf; k++) {
				const struct mc__csv_field *f = &r->f[k];
				check(f->s[f->n] == '\0', "fields are NUL-terminated");
				check(f->n <= max_field, "fields respect the limit");
				if (f->n)
					check(f->s[0] != ' ' && f->s[0] != '\t' && f->s[f->n - 1] != ' ' &&
					          f->s[f->n - 1] != '\t',
					      "fields are trimmed");
			}
		}
	}
	mc_arena_release(&a);
	return 0;
}
