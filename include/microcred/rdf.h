/* RDF datasets, N-Quads, and RDFC-1.0 canonicalization.
 *
 * Terms are slices into an arena (or into the text that was parsed, which must then
 * outlive the dataset). Literals always carry a datatype IRI: xsd:string when none
 * was written, rdf:langString when a language tag is present. Blank node labels are
 * stored without the "_:" prefix. */
#ifndef MICROCRED_RDF_H
#define MICROCRED_RDF_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"

#define MC_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"
#define MC_RDF_LANGSTRING "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

enum mc_rdf_kind {
	MC_RDF_NONE = 0, /* graph position only: the default graph */
	MC_RDF_IRI,
	MC_RDF_BLANK,
	MC_RDF_LITERAL,
};

struct mc_rdf_term {
	enum mc_rdf_kind kind;
	struct mc_slice value;    /* IRI, blank node label (no "_:"), or lexical form */
	struct mc_slice datatype; /* literals only */
	struct mc_slice lang;     /* literals only; empty when none */
};

struct mc_quad {
	struct mc_rdf_term s, p, o, g; /* g.kind == MC_RDF_NONE: default graph */
};

/* A growable list of quads, in an arena. Duplicates are allowed here; the
 * canonicalizer and serializer treat the dataset as a set. */
struct mc_rdf_dataset {
	struct mc_quad *quads;
	size_t len;
	size_t cap;
};

void mc_rdf_dataset_add(struct mc_arena *a, struct mc_rdf_dataset *ds, const struct mc_quad *q);

/* Parses N-Quads (RDF 1.1 N-Quads grammar; comments and blank lines allowed) and
 * appends the quads to out. text is borrowed: it is copied into a once and the terms
 * point into that copy, with \u / \U / ECHAR escapes decoded (values may contain
 * U+0000: use the slice lengths). IRIs must be absolute and text valid UTF-8.
 * Errors: MC_EINVAL with "N-Quads line L, column C: ..." (columns count characters). */
int mc_nquads_parse(struct mc_arena *a, const char *text, size_t len, struct mc_rdf_dataset *out,
                    struct mc_err *err);

/* Appends one quad in canonical N-Quads form (RDFC-1.0 Appendix A), including the
 * final " .\n": literals escape \b \t \n \f \r \" \\ as ECHAR and other controls,
 * DEL, U+FFFE and U+FFFF as \uXXXX; xsd:string is omitted, rdf:langString is written
 * as @lang; IRIs escape the characters IRIREF forbids as \u00XX. Fails only with
 * MC_ELIMIT when out would exceed its cap. */
int mc_nquads_write_quad(struct mc_buf *out, const struct mc_quad *q);
/* Appends every quad, in dataset order. */
int mc_nquads_write(struct mc_buf *out, const struct mc_rdf_dataset *ds);

enum mc_rdfc_hash {
	MC_RDFC_SHA256 = 0,
	MC_RDFC_SHA384,
};

struct mc_rdfc_opts {
	enum mc_rdfc_hash hash;
	/* Bound on blank-node hashing work, in units of roughly one short hash (a
	 * fraction of a microsecond): each call of Hash N-Degree Quads, each related
	 * hash it computes, each permutation it tries, with issuer copies and lookups
	 * in proportion to their size. Exceeding it fails with MC_ELIMIT ("too complex
	 * to canonicalize") instead of running for ever on a poison graph. 0 = the
	 * default,
	 * mc_rdfc_default_max_work(n) for n blank nodes whose first-degree hash is
	 * shared. Datasets whose blank nodes all have distinct first-degree hashes
	 * (typical credentials) do no such work at all. */
	size_t max_work;
};

/* The default work bound for n blank nodes with shared first-degree hashes:
 * 64 n², clamped to [65536, 2^20] — several times what the hardest legitimate
 * graphs of the W3C suite need, and small enough that a poison graph is rejected
 * well under a second (the suite's 10-node clique: about 6 ms). */
size_t mc_rdfc_default_max_work(size_t nonunique);

/* RDFC-1.0. Appends the canonical N-Quads (sorted, duplicates removed) to out.
 * If issued is not NULL, sets *issued to a JSON object mapping each input blank
 * node label to its canonical label (c14nN), members in issue order, allocated in
 * a. opts may be NULL (SHA-256, default work bound). in is borrowed; scratch data
 * goes into a. Blank node predicates (generalized RDF) fail with MC_EUNSUPPORTED.
 * Thread-safe: shares nothing between calls but the fetched OpenSSL digests. */
int mc_rdfc_canonize(struct mc_arena *a, const struct mc_rdf_dataset *in, const struct mc_rdfc_opts *opts,
                     struct mc_buf *out, struct mc_json **issued, struct mc_err *err);

#endif
