/* The Data Integrity canonicalization path: JSON-LD expansion, deserialization to
 * RDF, RDFC-1.0. See mc_jsonld_canonize in include/microcred/jsonld.h. */
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#include "canon/jsonld_internal.h"

/* What eddsa-rdfc-2022 and the other Data Integrity suites use: safe mode (data
 * that would be dropped silently is an error), no base IRI, and rdfDirection
 * i18n-datatype. */
const struct mc_jsonld_opts mc__jld_di_defaults = {
    .base = NULL,
    .safe = true,
    .rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE,
};

int mc_jsonld_canonize(struct mc_arena *a, const struct mc_json *doc, const struct mc_jsonld_opts *opts,
                       struct mc_buf *out, struct mc_err *err)
{
	struct mc_json *expanded = NULL;
	struct mc_rdf_dataset ds = {0};
	int rc;

	if (!opts)
		opts = &mc__jld_di_defaults;
	rc = mc_jsonld_expand(a, doc, opts, &expanded, err);
	if (rc)
		return rc;
	/* RDFC-1.0 takes the dataset as a set: the node map's order is not needed. */
	struct mc_jsonld_opts set_opts = *opts;
	set_opts.as_set = true;
	rc = mc_jsonld_to_rdf(a, expanded, &set_opts, &ds, err);
	if (rc)
		return rc;
	/* SHA-256, the default work bound. */
	return mc_rdfc_canonize(a, &ds, NULL, out, NULL, err);
}
