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
	MC_RDF_NONE = 0,   /* graph position only: the default graph */
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

/* Parses N-Quads (RDF 1.1 N-Quads grammar; comments and blank lines allowed).
 * Errors give the line and column. Terms point into a (text is copied as needed). */
int mc_nquads_parse(struct mc_arena *a, const char *text, size_t len, struct mc_rdf_dataset *out,
		    struct mc_err *err);

/* Appends one quad in canonical N-Quads form (RDFC-1.0 §4.1 / RDF 1.1 N-Quads
 * canonical escaping), including the final " .\n". */
int mc_nquads_write_quad(struct mc_buf *out, const struct mc_quad *q);
/* Appends every quad, in dataset order. */
int mc_nquads_write(struct mc_buf *out, const struct mc_rdf_dataset *ds);

enum mc_rdfc_hash {
	MC_RDFC_SHA256 = 0,
	MC_RDFC_SHA384,
};

struct mc_rdfc_opts {
	enum mc_rdfc_hash hash;
	/* Bound on blank-node hashing work (calls of Hash N-Degree Quads, summed);
	 * exceeding it fails with MC_ELIMIT instead of running for ever on a poison
	 * graph. 0 = default. */
	size_t max_work;
};

/* RDFC-1.0. Appends the canonical N-Quads (sorted, duplicates removed) to out.
 * If issued is not NULL, sets *issued to a JSON object mapping each input blank
 * node label to its canonical label (c14nN), allocated in a. */
int mc_rdfc_canonize(struct mc_arena *a, const struct mc_rdf_dataset *in, const struct mc_rdfc_opts *opts,
		     struct mc_buf *out, struct mc_json **issued, struct mc_err *err);

#endif
