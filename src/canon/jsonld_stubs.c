/* temporary: removed when jsonld_expand.c / jsonld_torrdf.c land.
 *
 * Stub definitions so that the library links while JSON-LD expansion and
 * deserialization to RDF are being written. Whoever adds the real function deletes
 * its stub here (and this file once it is empty). */
#include "microcred/jsonld.h"

int mc_jsonld_expand(struct mc_arena *a, const struct mc_json *doc, const struct mc_jsonld_opts *opts,
		     struct mc_json **out, struct mc_err *err)
{
	(void)a;
	(void)doc;
	(void)opts;
	*out = NULL;
	return mc_err_set(err, MC_EUNSUPPORTED, "JSON-LD expansion is not implemented yet in this build");
}

int mc_jsonld_to_rdf(struct mc_arena *a, const struct mc_json *expanded, const struct mc_jsonld_opts *opts,
		     struct mc_rdf_dataset *out, struct mc_err *err)
{
	(void)a;
	(void)expanded;
	(void)opts;
	(void)out;
	return mc_err_set(err, MC_EUNSUPPORTED, "JSON-LD to RDF is not implemented yet in this build");
}

const struct mc_json *mc_jsonld_builtin_context(const char *url)
{
	(void)url;
	return NULL;
}
