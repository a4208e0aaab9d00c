/* JSON-LD 1.1: context processing, expansion, and deserialization to RDF, with the
 * "safe mode" Data Integrity requires. Contexts come from the built-in set compiled
 * into the binary (contexts/), or from a caller-supplied loader; nothing is fetched
 * from the network.
 *
 * Thread safety: processed built-in contexts are shared, read-only, by all threads;
 * everything else is in the caller's arena. */
#ifndef MICROCRED_JSONLD_H
#define MICROCRED_JSONLD_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "rdf.h"

/* Loads a remote context document by URL. Returns 0 and sets *doc (which must stay
 * valid for the rest of the process, or for the life of arena a), or an error. */
struct mc_jsonld_loader {
	int (*load)(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **doc,
	            struct mc_err *err);
	void *ctx;
};

enum mc_jsonld_rdf_direction {
	MC_JSONLD_RDF_DIRECTION_NONE = 0,
	MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE,
	MC_JSONLD_RDF_DIRECTION_COMPOUND_LITERAL,
};

struct mc_jsonld_opts {
	const char *base;                     /* document base IRI; NULL = none (Data Integrity) */
	const struct mc_json *expand_context; /* applied before the document's own contexts */
	bool safe;                            /* silent data loss becomes an error */
	bool json_ld_10;                      /* processingMode json-ld-1.0 */
	bool produce_generalized_rdf;
	enum mc_jsonld_rdf_direction rdf_direction;
	/* mc_jsonld_to_rdf for a consumer that treats the dataset as a set (RDFC-1.0
	 * does): the same statements, emitted in document order straight from the
	 * expanded form, possibly repeated, with blank node labels in walk order (for
	 * an Open Badges credential 1.6 times as fast). Otherwise the node map's order
	 * and labels, as jsonld.js gives them. */
	bool as_set;
	/* Tried for URLs that are not built in; NULL = only built-in contexts. */
	const struct mc_jsonld_loader *loader;
};

/* JSON-LD 1.1 API §5.1 expansion. *out is the expanded array, in a; it shares
 * strings with doc (borrowed: doc must outlive it). Object entries are processed in
 * key order, so the output matches jsonld.js. In safe mode, anything that would be
 * dropped or left relative is an MC_EINVAL error naming its JSON path ($.a.b[0]). */
int mc_jsonld_expand(struct mc_arena *a, const struct mc_json *doc, const struct mc_jsonld_opts *opts,
                     struct mc_json **out, struct mc_err *err);

/* JSON-LD 1.1 API §6.2 (node map generation) + §8.1 (deserialize to RDF), from the
 * expanded form. Quads are appended to out (see opts->as_set). */
int mc_jsonld_to_rdf(struct mc_arena *a, const struct mc_json *expanded, const struct mc_jsonld_opts *opts,
                     struct mc_rdf_dataset *out, struct mc_err *err);

/* The Data Integrity path: expand, to RDF (rdfDirection i18n-datatype unless opts
 * says otherwise), RDFC-1.0 with SHA-256; appends canonical N-Quads to out. opts may
 * be NULL for the Data Integrity defaults (safe, no base). */
int mc_jsonld_canonize(struct mc_arena *a, const struct mc_json *doc, const struct mc_jsonld_opts *opts,
                       struct mc_buf *out, struct mc_err *err);

/* The JSON-LD error code (API §9.4.2, e.g. "invalid term definition", "protected
 * term redefinition", "loading remote context failed") of an error returned by
 * mc_jsonld_expand / mc_jsonld_to_rdf / mc_jsonld_canonize, or NULL when the error
 * has none. Safe-mode rejections have the code "safe mode violation". The code is
 * kept at the start of err->msg ("CODE: detail"), so a message prefixed later with
 * mc_err_prefix still yields it. */
const char *mc_jsonld_error_code(const struct mc_err *err);

/* A built-in context document by URL, parsed once per process; NULL when unknown. */
const struct mc_json *mc_jsonld_builtin_context(const char *url);

#endif
