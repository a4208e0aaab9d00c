/* The demo data set (microcred demo): a university and a professional body that
 * endorses it, a dozen published micro-credentials across the four categories
 * with every EU element, requirements of all six kinds, skills aligned to ESCO
 * and O*NET, a pathway of three, and learners at various stages. See
 * include/microcred/lifecycle.h.
 *
 * Everything goes through the domain services (catalogue, learning, award,
 * lifecycle), so the demo shows what the services do and stays true as they
 * change. Only an empty database is seeded; a setting records a finished seed so
 * that `make run` can call the command every time. */
#include <stdio.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/achievement.h"
#include "microcred/issuer.h"
#include "microcred/learning.h"
#include "microcred/lifecycle.h"

#include "store/lifecycle.h"

#define DONE_SETTING "demo.seeded"
#define UNI "northbridge-university"
#define COUNCIL "digital-skills-council"

/* ---- the catalogue ----
 *
 * Alignments: ESCO skills (the four used by the EU's own micro-credential sample,
 * refdata/elm) and O*NET-SOC occupations. */
#define ESCO(code, name)                                                                                     \
	"{\"framework\": \"ESCO\", \"code\": \"" code "\", \"name\": \"" name                                \
	"\", \"url\": \"http://data.europa.eu/esco/skill/" code "\", \"type\": \"ceasn:Competency\"}"
#define ONET(code, name)                                                                                     \
	"{\"framework\": \"O*NET-SOC\", \"code\": \"" code "\", \"name\": \"" name                           \
	"\", \"url\": \"https://www.onetonline.org/link/summary/" code "\"}"

#define ASSIGNMENT(title, c1, p1, c2, p2, thr)                                                               \
	"{\"kind\": \"assignment\", \"title\": \"" title                                                     \
	"\", \"config\": {\"rubric\": [{\"criterion\": \"" c1 "\", \"points\": " #p1                         \
	"}, {\"criterion\": \"" c2 "\", \"points\": " #p2 "}], \"pass_threshold\": " #thr "}}"
#define ATTENDANCE(title, n, type)                                                                           \
	"{\"kind\": \"attendance\", \"title\": \"" title                                                     \
	"\", \"mode\": \"in-person\", \"config\": {\"sessions\": " #n ", \"session_type\": \"" type "\"}}"
#define PORTFOLIO(title, n)                                                                                  \
	"{\"kind\": \"portfolio\", \"title\": \"" title "\", \"config\": {\"min_items\": " #n "}}"
#define EXAM(title, pass, attempts)                                                                          \
	"{\"kind\": \"assessment\", \"title\": \"" title "\", \"config\": {\"pass_score\": " #pass           \
	", \"max_score\": 100, \"max_attempts\": " #attempts                                                 \
	", \"proctored\": true, \"identity_verification\": \"online-proctoring\"}}"
#define CONFERENCE(title, n)                                                                                 \
	"{\"kind\": \"conference\", \"title\": \"" title                                                     \
	"\", \"mode\": \"in-person\", \"config\": {\"count\": " #n "}}"
#define WORKPLACE(title)                                                                                     \
	"{\"kind\": \"workplace\", \"title\": \"" title "\", \"mode\": \"in-person\", \"config\": "          \
	"{\"supervisor_required\": true}}"

#define QA_UNI "Internal quality assurance under the university's ISO 21001 system; external examiner review"
#define QA_COUNCIL "Council accreditation panel; annual external audit against EQAVET indicators"

struct demo_mc {
	const char *issuer;
	const char *spec; /* JSON */
};

/* One micro-credential per entry, laid out as the JSON reads. */
/* clang-format off */
static const struct demo_mc catalogue[] = {
    /* digital skills */
    {UNI, "{\"slug\": \"python-data-analysis\", \"title\": \"Data Analysis with Python\", "
	  "\"description\": \"Clean, analyse and visualise real data sets with Python, pandas and Jupyter.\", "
	  "\"criteria\": \"Submit a graded data analysis project and pass a proctored skills test.\", "
	  "\"outcomes\": [\"Load and clean tabular data with pandas\", \"Summarise data with descriptive "
	  "statistics\", \"Communicate findings in a reproducible notebook\"], "
	  "\"alignments\": [" ONET("15-2051.00", "Data Scientists") ", "
	  ESCO("5fd5c985-eaaa-47aa-8314-62359c54505a", "develop digital content") "], "
	  "\"eqf_level\": 5, \"workload_hours\": 75, \"ects\": 3, \"cost\": 450, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"online\", \"duration\": \"P6W\", "
	  "\"assessment_type\": \"Graded project and proctored online test\", "
	  "\"participation_form\": \"Online, self-paced with weekly tutor sessions\", "
	  "\"quality_assurance\": \"" QA_UNI "\", \"prerequisites\": \"Basic programming in any language\", "
	  "\"category\": \"digital-skills\", \"language\": \"en\", \"tags\": [\"python\", \"data\", \"pandas\"], "
	  "\"validity_months\": 36, \"requirements\": ["
	  ASSIGNMENT("Data cleaning project", "Correctness", 60, "Clarity", 40, 60) ", "
	  EXAM("Python skills test", 70, 3) "]}"},
    {UNI, "{\"slug\": \"applied-statistics\", \"title\": \"Applied Statistics\", "
	  "\"description\": \"Estimate, test and model with the statistics every analyst uses.\", "
	  "\"criteria\": \"Attend the workshops and pass the proctored exam.\", "
	  "\"outcomes\": [\"Choose and run the right hypothesis test\", \"Fit and interpret linear regression\", "
	  "\"Explain uncertainty to non-specialists\"], "
	  "\"alignments\": [" ONET("15-2041.00", "Statisticians") "], "
	  "\"eqf_level\": 6, \"workload_hours\": 100, \"ects\": 4, \"cost\": 520, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"blended\", \"duration\": \"P8W\", \"assessment_type\": \"Proctored written exam\", "
	  "\"participation_form\": \"Blended: online lectures and on-campus workshops\", "
	  "\"quality_assurance\": \"" QA_UNI "\", \"prerequisites\": \"Secondary school mathematics\", "
	  "\"category\": \"digital-skills\", \"language\": \"en\", \"tags\": [\"statistics\", \"data\"], "
	  "\"requirements\": [" ATTENDANCE("Statistics workshops", 3, "seminar") ", " EXAM("Final exam", 60, 2) "]}"},
    {UNI, "{\"slug\": \"data-visualisation\", \"title\": \"Data Visualisation and Storytelling\", "
	  "\"description\": \"Design charts and dashboards that make data understood and acted on.\", "
	  "\"criteria\": \"Build a portfolio of three visualisations and present one to a panel.\", "
	  "\"outcomes\": [\"Pick the chart that fits the question\", \"Design accessible colour and layout\", "
	  "\"Tell a story with data to a decision maker\"], "
	  "\"alignments\": [" ONET("15-1255.00", "Web and Digital Interface Designers") ", "
	  ESCO("80f308e6-0e09-404a-80cd-ec5f50f6f304", "communicate with target community") "], "
	  "\"eqf_level\": 5, \"workload_hours\": 50, \"ects\": 2, \"cost\": 300, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"online\", \"duration\": \"P4W\", \"assessment_type\": \"Portfolio review\", "
	  "\"participation_form\": \"Online, self-paced\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"category\": \"digital-skills\", \"language\": \"en\", \"tags\": [\"visualisation\", \"data\"], "
	  "\"requirements\": [" PORTFOLIO("Visualisation portfolio", 3) "]}"},
    /* soft skills */
    {UNI, "{\"slug\": \"team-leadership\", \"title\": \"Team Leadership\", "
	  "\"description\": \"Lead small teams through feedback, delegation and conflict.\", "
	  "\"criteria\": \"Complete the case study, attend the seminars and lead a real project at work.\", "
	  "\"outcomes\": [\"Run effective team meetings\", \"Give and receive feedback\", "
	  "\"Resolve conflict constructively\"], "
	  "\"alignments\": [" ESCO("ccdf3597-5c80-410f-896d-e1bdfa223de9", "stimulate creativity in the team") ", "
	  ONET("11-1021.00", "General and Operations Managers") "], "
	  "\"eqf_level\": 6, \"workload_hours\": 60, \"ects\": 2, \"cost\": 600, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"blended\", \"duration\": \"P3M\", "
	  "\"assessment_type\": \"Case study, workplace observation\", "
	  "\"participation_form\": \"Blended, part-time alongside work\", "
	  "\"quality_assurance\": \"" QA_UNI "\", \"category\": \"soft-skills\", \"language\": \"en\", "
	  "\"tags\": [\"leadership\", \"management\"], \"requirements\": ["
	  ASSIGNMENT("Leadership case study", "Analysis", 50, "Recommendations", 50, 50) ", "
	  ATTENDANCE("Leadership seminars", 4, "seminar") ", " WORKPLACE("Lead a real project") "]}"},
    {UNI, "{\"slug\": \"intercultural-communication\", \"title\": \"Intercultural Communication\", "
	  "\"description\": \"Work and communicate across cultures, languages and time zones.\", "
	  "\"criteria\": \"Submit a reflective essay on an intercultural project.\", "
	  "\"outcomes\": [\"Recognise cultural dimensions in teamwork\", "
	  "\"Adapt communication style to the audience\", \"Build trust in distributed teams\"], "
	  "\"alignments\": [" ESCO("326809fc-238d-40c2-881e-40042f7f2f0d", "establish collaborative relations") "], "
	  "\"eqf_level\": 5, \"workload_hours\": 30, \"ects\": 1, \"cost\": 0, "
	  "\"delivery_mode\": \"online\", \"duration\": \"P3W\", \"assessment_type\": \"Reflective essay\", "
	  "\"participation_form\": \"Online, self-paced\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"category\": \"soft-skills\", \"language\": \"en\", \"tags\": [\"communication\", \"culture\"], "
	  "\"requirements\": [" ASSIGNMENT("Reflective essay", "Insight", 60, "Writing", 40, 50) "]}"},
    {UNI, "{\"slug\": \"negotiation-skills\", \"title\": \"Negotiation Skills\", "
	  "\"description\": \"Prepare for and conduct principled negotiations.\", "
	  "\"criteria\": \"Attend the role-play seminars and pass the assessed negotiation.\", "
	  "\"outcomes\": [\"Prepare a negotiation plan with BATNA\", \"Use principled negotiation tactics\"], "
	  "\"alignments\": [" ONET("13-1075.00", "Labor Relations Specialists") "], "
	  "\"eqf_level\": 5, \"workload_hours\": 25, \"ects\": 1, \"cost\": 250, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"in-person\", \"duration\": \"P2W\", \"assessment_type\": \"Assessed role play\", "
	  "\"participation_form\": \"In person, on campus\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"category\": \"soft-skills\", \"language\": \"en\", \"tags\": [\"negotiation\"], "
	  "\"requirements\": [" ATTENDANCE("Role-play seminars", 2, "seminar") "]}"},
    /* industry-specific (the professional body) */
    {COUNCIL, "{\"slug\": \"food-safety-haccp\", \"title\": \"Food Safety Management (HACCP)\", "
	      "\"description\": \"Apply HACCP principles to keep food production safe.\", "
	      "\"criteria\": \"Pass the proctored HACCP exam and demonstrate a hazard analysis at work.\", "
	      "\"outcomes\": [\"Identify critical control points\", \"Set up monitoring and corrective actions\"], "
	      "\"alignments\": [" ONET("11-9051.00", "Food Service Managers") "], "
	      "\"eqf_level\": 4, \"workload_hours\": 20, \"ects\": 1, \"cost\": 180, \"currency\": \"EUR\", "
	      "\"delivery_mode\": \"blended\", \"duration\": \"P2W\", "
	      "\"assessment_type\": \"Proctored exam, workplace demonstration\", \"participation_form\": \"Blended\", "
	      "\"quality_assurance\": \"" QA_COUNCIL "\", \"category\": \"industry-specific\", \"language\": \"en\", "
	      "\"tags\": [\"food\", \"safety\"], \"validity_months\": 24, "
	      "\"requirements\": [" EXAM("HACCP exam", 75, 3) ", " WORKPLACE("Hazard analysis on site") "]}"},
    {COUNCIL, "{\"slug\": \"construction-site-safety\", \"title\": \"Construction Site Safety\", "
	      "\"description\": \"Plan and supervise safe work on construction sites.\", "
	      "\"criteria\": \"Attend the safety conference and pass the exam.\", "
	      "\"outcomes\": [\"Write a method statement and risk assessment\", \"Run a toolbox talk\"], "
	      "\"alignments\": ["
	      ONET("47-1011.00", "First-Line Supervisors of Construction Trades and Extraction Workers") "], "
	      "\"eqf_level\": 4, \"workload_hours\": 35, \"ects\": 1.5, \"cost\": 320, \"currency\": \"EUR\", "
	      "\"delivery_mode\": \"in-person\", \"duration\": \"P3W\", \"assessment_type\": \"Written exam\", "
	      "\"participation_form\": \"In person\", \"quality_assurance\": \"" QA_COUNCIL "\", "
	      "\"category\": \"industry-specific\", \"language\": \"en\", \"tags\": [\"construction\", \"safety\"], "
	      "\"validity_months\": 36, \"requirements\": ["
	      CONFERENCE("Annual site safety conference", 1) ", " EXAM("Site safety exam", 70, 2) "]}"},
    {COUNCIL, "{\"slug\": \"clinical-data-management\", \"title\": \"Clinical Data Management\", "
	      "\"description\": \"Manage clinical trial data to GCP standards.\", "
	      "\"criteria\": \"Build a portfolio of data management plans.\", "
	      "\"outcomes\": [\"Design a case report form\", \"Apply GCP to data cleaning\"], "
	      "\"alignments\": [" ONET("29-2072.00", "Medical Records Specialists") "], "
	      "\"eqf_level\": 6, \"workload_hours\": 80, \"ects\": 3, \"cost\": 800, \"currency\": \"EUR\", "
	      "\"delivery_mode\": \"online\", \"duration\": \"P10W\", \"assessment_type\": \"Portfolio\", "
	      "\"participation_form\": \"Online\", \"quality_assurance\": \"" QA_COUNCIL "\", "
	      "\"category\": \"industry-specific\", \"language\": \"en\", \"tags\": [\"clinical\", \"data\"], "
	      "\"requirements\": [" PORTFOLIO("Data management plans", 2) "]}"},
    /* emerging technologies */
    {UNI, "{\"slug\": \"machine-learning-foundations\", \"title\": \"Machine Learning Foundations\", "
	  "\"description\": \"Train, evaluate and explain supervised machine learning models.\", "
	  "\"criteria\": \"Attend the labs, submit the modelling project and pass the exam.\", "
	  "\"outcomes\": [\"Train and validate classifiers\", \"Detect overfitting and leakage\", "
	  "\"Explain model decisions\"], \"alignments\": [" ONET("15-2051.00", "Data Scientists") "], "
	  "\"eqf_level\": 6, \"workload_hours\": 125, \"ects\": 5, \"cost\": 900, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"blended\", \"duration\": \"P12W\", "
	  "\"assessment_type\": \"Project and proctored exam\", "
	  "\"participation_form\": \"Blended with on-campus labs\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"prerequisites\": \"Data Analysis with Python, or equivalent\", \"category\": \"emerging-technologies\", "
	  "\"language\": \"en\", \"tags\": [\"machine learning\", \"AI\"], \"requirements\": ["
	  ATTENDANCE("Modelling labs", 4, "lecture") ", "
	  ASSIGNMENT("Modelling project", "Method", 70, "Report", 30, 60) ", " EXAM("ML exam", 65, 2) "]}"},
    {UNI, "{\"slug\": \"blockchain-supply-chains\", \"title\": \"Blockchain for Supply Chains\", "
	  "\"description\": \"Evaluate distributed ledgers for traceability in supply chains.\", "
	  "\"criteria\": \"Attend an industry conference and submit a feasibility study.\", "
	  "\"outcomes\": [\"Explain consensus and its costs\", \"Assess a traceability use case\"], "
	  "\"alignments\": [" ONET("13-1081.00", "Logisticians") "], "
	  "\"eqf_level\": 6, \"workload_hours\": 50, \"ects\": 2, \"cost\": 400, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"online\", \"duration\": \"P5W\", \"assessment_type\": \"Feasibility study\", "
	  "\"participation_form\": \"Online\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"category\": \"emerging-technologies\", \"language\": \"en\", \"tags\": [\"blockchain\", \"logistics\"], "
	  "\"requirements\": [" CONFERENCE("Industry conference", 1) ", "
	  ASSIGNMENT("Feasibility study", "Analysis", 60, "Recommendation", 40, 50) "]}"},
    {UNI, "{\"slug\": \"applied-generative-ai\", \"title\": \"Applied Generative AI\", "
	  "\"description\": \"Use large language models responsibly in professional work.\", "
	  "\"criteria\": \"Build a portfolio of prompts and evaluations.\", "
	  "\"outcomes\": [\"Design and evaluate prompts\", \"Assess risks: privacy, bias, hallucination\"], "
	  "\"alignments\": [" ONET("15-1221.00", "Computer and Information Research Scientists") "], "
	  "\"eqf_level\": 5, \"workload_hours\": 40, \"ects\": 1.5, \"cost\": 350, \"currency\": \"EUR\", "
	  "\"delivery_mode\": \"online\", \"duration\": \"P4W\", \"assessment_type\": \"Portfolio\", "
	  "\"participation_form\": \"Online, self-paced\", \"quality_assurance\": \"" QA_UNI "\", "
	  "\"category\": \"emerging-technologies\", \"language\": \"en\", \"tags\": [\"AI\", \"LLM\"], "
	  "\"requirements\": [" PORTFOLIO("Prompt portfolio", 2) "]}"},
};
/* clang-format on */

/* ---- helpers ---- */

struct seed {
	struct mc_app *app;
	struct mc_arena *a;
	struct mc_demo_summary *out;
	const char **accounts, **urls;
	size_t n_accounts, n_urls;
};

static void add_line(struct mc_arena *a, const char ***list, size_t *n, const char *s)
{
	*list = mc_arena_realloc(a, *list, *n * sizeof(**list), (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = s;
}

#define STAFF_UNI "assessor@northbridge.example"
#define STAFF_COUNCIL "assessor@skills-council.example"

static const char *staff_of(const struct mc_enrolment *e, const struct mc_issuer *uni)
{
	return strcmp(e->issuer_id, uni->id) == 0 ? STAFF_UNI : STAFF_COUNCIL;
}

/* Meets requirement r of enrolment e the way a learner and the staff would. */
static int meet(struct seed *s, const struct mc_enrolment *e, const struct mc_requirement *r, int number,
                const char *staff, struct mc_learning_outcome **last, struct mc_err *err)
{
	struct mc_arena *a = s->a;
	const char *ref = mc_arena_printf(a, "%d", number);
	int rc = 0;
	if (!strcmp(r->kind, "assignment") || !strcmp(r->kind, "portfolio")) {
		int64_t items = 1;
		double points = 0;
		if (!strcmp(r->kind, "portfolio"))
			mc_json_number_as_int(mc_json_get(r->config, "min_items"), &items);
		const struct mc_json *rubric = mc_json_get(r->config, "rubric");
		for (uint32_t i = 0; rubric && mc_json_is_array(rubric) && i < rubric->len; i++)
			points += mc_json_number(mc_json_get(&rubric->v.items[i], "points")) * 0.85;
		for (int64_t i = 0; i < items && !rc; i++) {
			struct mc_evidence *ev;
			struct mc_evidence_input in = {
			    .enrolment_id = e->id,
			    .requirement_ref = ref,
			    .title = mc_arena_printf(a, "%s, item %lld", r->title, (long long)i + 1),
			    .url = mc_arena_printf(a, "https://portfolio.example/%s/%s-%lld", e->user_id,
			                           r->id, (long long)i + 1),
			    .is_public = true,
			};
			rc = mc_evidence_submit(s->app, a, &in, &ev, err);
			if (!rc) {
				struct mc_review_input rv = {.evidence_id = ev->id,
				                             .reviewer = staff,
				                             .accept = true,
				                             .has_score = rubric != NULL,
				                             .score = points,
				                             .comment = "Well argued and clearly presented."};
				rc = mc_review_record(s->app, a, &rv, last, err);
			}
		}
		return rc;
	}
	if (!strcmp(r->kind, "attendance") || !strcmp(r->kind, "conference")) {
		int64_t n = 1;
		if (!mc_json_number_as_int(mc_json_get(r->config, "sessions"), &n))
			mc_json_number_as_int(mc_json_get(r->config, "count"), &n);
		for (int64_t i = 0; i < n && !rc; i++) {
			struct mc_attendance_input in = {
			    .enrolment_id = e->id,
			    .requirement_ref = ref,
			    .session = mc_arena_printf(a, "%s %lld", r->kind[0] == 'a' ? "Session" : "Event",
			                               (long long)i + 1),
			    .staff = staff};
			rc = mc_attendance_record(s->app, a, &in, last, err);
		}
		return rc;
	}
	struct mc_result_input in = {.enrolment_id = e->id, .requirement_ref = ref, .staff = staff};
	if (!strcmp(r->kind, "assessment")) {
		in.has_score = true;
		in.score = 88;
		in.proctored = true;
		in.identity_verification = "online-proctoring";
	} else {
		in.supervisor_name = "Maria Keane";
		in.supervisor_email = "maria.keane@employer.example";
		in.statement = "Demonstrated the skill on a live project to the expected standard.";
	}
	return mc_result_record(s->app, a, &in, last, err);
}

/* Enrols the learner and meets the first `upto` requirements (all when < 0). The
 * enrolment completes (and is awarded by the learning services) when all are met;
 * the pathways hook then runs too. *credential_id gets the award, if any. */
static int learn(struct seed *s, const struct mc_issuer *uni, const char *slug, const char *email,
                 const char *name, int upto, const char **credential_id, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc_enrol_input in = {.achievement_ref = slug, .email = email, .name = name};
	struct mc_requirement *reqs;
	size_t n;
	struct mc_learning_outcome *last = NULL;
	int rc = mc_enrol(s->app, s->a, &in, &e, err);
	if (rc || (rc = mc_requirement_list(s->app, s->a, slug, &reqs, &n, err)))
		return mc_err_prefix(err, "demo learner %s in %s", email, slug);
	s->out->n_enrolments++;
	size_t stop = upto < 0 ? n : (size_t)upto;
	for (size_t i = 0; i < n && i < stop; i++)
		if ((rc = meet(s, e, &reqs[i], (int)i + 1, staff_of(e, uni), &last, err)))
			return mc_err_prefix(err, "demo learner %s, %s requirement %zu", email, slug, i + 1);
	if (credential_id)
		*credential_id = NULL;
	if (last && last->credential_id) {
		if (last->award_rc) {
			*err = last->award_err;
			return mc_err_prefix(err, "awarding %s to %s", slug, email);
		}
		s->out->n_credentials++;
		if (credential_id)
			*credential_id = last->credential_id;
		struct mc_award *w;
		if ((rc = mc_award_get(s->app, s->a, last->credential_id, &w, err)))
			return rc;
		/* Idempotent: a no-op when the award engine already ran the hook. */
		size_t pw = 0;
		if ((rc = mc_pathways_on_award_n(s->app, s->a, w->user_id, w->achievement_id, &pw, err)))
			return rc;
		s->out->n_credentials += pw;
	}
	return 0;
}

static int direct(struct seed *s, const char *slug, const char *email, const char *name, const char *date,
                  struct mc_award **w, struct mc_err *err)
{
	struct mc_award_request req = {.achievement_ref = slug,
	                               .email = email,
	                               .name = name,
	                               .issued_at = date,
	                               .narrative =
	                                   "Recognised prior learning: assessed by portfolio interview."};
	int rc = mc_award_issue(s->app, s->a, &req, w, err);
	if (rc)
		return mc_err_prefix(err, "demo award of %s to %s", slug, email);
	s->out->n_credentials++;
	return 0;
}

static void summary_static(struct seed *s, struct mc_issuer *uni, struct mc_issuer *council)
{
	struct mc_arena *a = s->a;
	struct mc_demo_summary *o = s->out;
	o->base_url = s->app->base_url;
	add_line(a, &o->issuers, &o->n_issuers,
	         mc_arena_printf(a, "%s (%s) — %s", uni->name, uni->did, mc_issuer_url(s->app, a, uni)));
	add_line(a, &o->issuers, &o->n_issuers,
	         mc_arena_printf(a, "%s (%s) — %s — endorses the university", council->name, council->did,
	                         mc_issuer_url(s->app, a, council)));
	static const char *const accounts[] = {
	    "registrar@northbridge.example — owner of Northbridge University",
	    STAFF_UNI " — assessor at Northbridge University",
	    "cpd@skills-council.example — owner of the European Digital Skills Council",
	    STAFF_COUNCIL " — assessor at the Council",
	    "ada@learners.example — earned the three data credentials and the Data Science Foundations "
	    "pathway",
	    "ben@learners.example — enrolled in Machine Learning Foundations, labs in progress",
	    "chloe@learners.example — two of the three pathway credentials; Team Leadership in progress",
	    "dan@learners.example — Applied Generative AI credential revoked (assessment irregularity)",
	    "eva@learners.example — Food Safety (HACCP) credential suspended pending review; Negotiation "
	    "Skills awarded",
	    "finn@learners.example — Intercultural Communication awarded; Construction Site Safety in "
	    "progress",
	};
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
		add_line(a, &o->accounts, &o->n_accounts, accounts[i]);
	add_line(a, &o->accounts, &o->n_accounts,
	         "(each logs in at /login with the password " MC_DEMO_PASSWORD ")");
	const char *b = s->app->base_url;
	add_line(a, &o->urls, &o->n_urls, mc_arena_printf(a, "%s/achievements/python-data-analysis", b));
	add_line(a, &o->urls, &o->n_urls, mc_arena_printf(a, "%s/achievements/data-science-foundations", b));
	add_line(a, &o->urls, &o->n_urls, mc_arena_printf(a, "%s/status/%s/revocation-1", b, uni->slug));
	add_line(a, &o->urls, &o->n_urls, "microcred award list --db <this database>");
	add_line(a, &o->urls, &o->n_urls,
	         "microcred pathway show data-science-foundations --user ada@learners.example");
}

/* ---- seeding ---- */

static int seed(struct seed *s, struct mc_err *err)
{
	struct mc_app *app = s->app;
	struct mc_arena *a = s->a;
	struct mc_issuer *uni, *council;
	int rc;
	struct mc_issuer_input ui = {
	    .name = "Northbridge University",
	    .slug = UNI,
	    .url = "https://www.northbridge.example",
	    .email = "microcredentials@northbridge.example",
	    .country = "IE",
	    .region = "Dublin",
	    .description =
	        "A public research university offering short, stackable courses for working professionals.",
	    .owner_email = "registrar@northbridge.example",
	};
	struct mc_issuer_input ci = {
	    .name = "European Digital Skills Council",
	    .slug = COUNCIL,
	    .url = "https://www.skills-council.example",
	    .email = "cpd@skills-council.example",
	    .country = "BE",
	    .region = "Brussels",
	    .description =
	        "A professional body that accredits continuing professional development across Europe.",
	    .owner_email = "cpd@skills-council.example",
	};
	if ((rc = mc_issuer_create(app, a, &ui, &uni, err)) ||
	    (rc = mc_issuer_create(app, a, &ci, &council, err)))
		return mc_err_prefix(err, "demo issuers");
	if ((rc = mc_staff_set(app, UNI, STAFF_UNI, "Sam Assessor", MC_ROLE_ASSESSOR, err)) ||
	    (rc = mc_staff_set(app, COUNCIL, STAFF_COUNCIL, "Kim Assessor", MC_ROLE_ASSESSOR, err)))
		return mc_err_prefix(err, "demo staff");

	/* The council vouches for the university, and for one of its programmes,
	 * before anything is awarded, so every award embeds the endorsements. */
	struct mc_endorsement *e;
	struct mc_endorse_input ei = {
	    .endorser_ref = COUNCIL,
	    .subject_type = "issuer",
	    .subject_ref = UNI,
	    .comment =
	        "Northbridge University is an accredited provider of continuing professional development "
	        "under the Council's CPD quality framework (accreditation 2025-0142).",
	};
	if ((rc = mc_endorse(app, a, &ei, &e, err)))
		return rc;

	for (size_t i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++) {
		struct mc_json *spec;
		struct mc_achievement *ach;
		if ((rc = mc_json_parse(a, catalogue[i].spec, strlen(catalogue[i].spec), NULL, &spec, err)))
			return mc_err_prefix(err, "demo micro-credential %zu", i + 1);
		if ((rc = mc_achievement_create(app, a, catalogue[i].issuer, spec, &ach, err)) ||
		    (rc = mc_achievement_publish(app, a, ach->slug, &ach, err)))
			return mc_err_prefix(err, "demo micro-credential %s", mc_json_get_str(spec, "slug"));
		s->out->n_achievements++;
	}
	ei.subject_type = "achievement";
	ei.subject_ref = "python-data-analysis";
	ei.comment = "Meets the Council's Digital Skills Standard, level 5; counts as 75 CPD hours.";
	if ((rc = mc_endorse(app, a, &ei, &e, err)))
		return rc;

	struct mc_pathway *p;
	struct mc_pathway_input pi = {
	    .issuer_ref = UNI,
	    .title = "Data Science Foundations",
	    .slug = "data-science-foundations",
	    .description =
	        "A stacked credential: Python data analysis, applied statistics and data visualisation.",
	    .rule = mc_pathway_rule_from_list(a, "all", 0,
	                                      "python-data-analysis,applied-statistics,data-visualisation"),
	};
	if ((rc = mc_pathway_create(app, a, &pi, &p, err)))
		return rc;
	s->out->n_achievements++;

	/* Learners at various stages. */
	const char *id;
	if ((rc = learn(s, uni, "python-data-analysis", "ada@learners.example", "Ada Byrne", -1, &id, err)) ||
	    (rc = learn(s, uni, "applied-statistics", "ada@learners.example", "Ada Byrne", -1, &id, err)) ||
	    (rc = learn(s, uni, "data-visualisation", "ada@learners.example", "Ada Byrne", -1, &id, err)))
		return rc;
	if ((rc = learn(s, uni, "machine-learning-foundations", "ben@learners.example", "Ben Okafor", 1, NULL,
	                err)) ||
	    (rc = learn(s, uni, "python-data-analysis", "chloe@learners.example", "Chloe Martin", -1, &id,
	                err)) ||
	    (rc = learn(s, uni, "applied-statistics", "chloe@learners.example", "Chloe Martin", -1, &id,
	                err)) ||
	    (rc = learn(s, uni, "team-leadership", "chloe@learners.example", "Chloe Martin", 2, NULL, err)) ||
	    (rc = learn(s, uni, "intercultural-communication", "finn@learners.example", "Finn Larsen", -1,
	                &id, err)) ||
	    (rc = learn(s, uni, "construction-site-safety", "finn@learners.example", "Finn Larsen", 1, NULL,
	                err)))
		return rc;
	/* An enrolment with nothing done yet. */
	if ((rc = learn(s, uni, "data-visualisation", "ben@learners.example", "Ben Okafor", 0, NULL, err)))
		return rc;

	struct mc_award *w, *r;
	if ((rc = direct(s, "applied-generative-ai", "dan@learners.example", "Dan Novak", NULL, &w, err)))
		return rc;
	struct mc_state_change sc = {
	    .credential_ref = w->id,
	    .reason = "Assessment irregularity: the portfolio was not the learner's own work."};
	if ((rc = mc_credential_revoke(app, a, &sc, &r, err)))
		return rc;
	if ((rc = direct(s, "food-safety-haccp", "eva@learners.example", "Eva Schmidt", NULL, &w, err)))
		return rc;
	sc.credential_ref = w->id;
	sc.reason = "Under review: the employer questioned the workplace attestation.";
	if ((rc = mc_credential_suspend(app, a, &sc, &r, err)))
		return rc;
	if ((rc = direct(s, "negotiation-skills", "eva@learners.example", "Eva Schmidt", NULL, &w, err)))
		return rc;
	/* Every demo account can log in (one published password, hashed once). */
	static const char *const logins[] = {
	    "registrar@northbridge.example", STAFF_UNI,          "cpd@skills-council.example",
	    STAFF_COUNCIL,                   "ada@learners.example", "ben@learners.example",
	    "chloe@learners.example",        "dan@learners.example", "eva@learners.example",
	    "finn@learners.example",
	};
	if ((rc = mc_account_set_passwords(app, logins, sizeof(logins) / sizeof(logins[0]), MC_DEMO_PASSWORD, err)))
		return rc;
	summary_static(s, uni, council);
	return mc_setting_set(app, DONE_SETTING, "1", err);
}

int mc_demo_seed(struct mc_app *app, struct mc_arena *a, struct mc_demo_summary *out, struct mc_err *err)
{
	struct seed s = {.app = app, .a = a, .out = out};
	int64_t issuers = 0;
	char *done = NULL;
	memset(out, 0, sizeof(*out));
	int rc = mc__store_issuer_count(app->db, &issuers, err);
	if (rc || (rc = mc_setting_get(app, a, DONE_SETTING, &done, err)))
		return rc;
	if (done) {
		struct mc_issuer *uni, *council;
		if ((rc = mc_issuer_get(app, a, UNI, &uni, err)) ||
		    (rc = mc_issuer_get(app, a, COUNCIL, &council, err)))
			return rc;
		out->already = true;
		summary_static(&s, uni, council);
		return 0;
	}
	if (issuers > 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "the database already has %lld issuer(s); the demo seeds only an empty database, so "
		    "nothing was changed — give a new file with --db demo.db",
		    (long long)issuers);
	return seed(&s, err);
}
