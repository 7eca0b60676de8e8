"""Every bound trainerkit puts on what a course folder can make it do, in one place.

A course folder may come from anyone. Each limit is far above what a trainer's real course needs
and low enough that a hostile course fails in seconds, within a few hundred MB. Every error that a
limit raises names the limit; docs/security.md lists them and says how to raise one.
"""

# ---------------------------------------------------------------------------------------------
# Templates (a course's templates/ folder): per rendering of one template

TEMPLATE_STEPS = 1_000_000
"""Loop steps, calls, attribute look-ups, filters and operators: the agenda of a 500-module
course takes about 10,000."""

TEMPLATE_SECONDS = 5.0
"""Wall-clock seconds: a built-in template renders in well under a millisecond."""

TEMPLATE_OUTPUT = 20_000_000
"""Characters a template writes (the self-check page of a 1,000-question bank is about 2 MB)."""

TEMPLATE_VALUE = 2_000_000
"""Characters or items of one value a template makes (text joined with ~, repeated with *,
padded, replaced)."""

TEMPLATE_ITEMS = 200_000
"""Items of a list that a filter turns into another list (sort, map, batch ...)."""

TEMPLATE_NUMBER_BITS = 4_096
"""Bits of a number a template computes with * or ** (a 1,233-digit number)."""

TEMPLATE_OUTPUT_LINES = 10_000
"""Lines one template writes, parsed as Markdown afterwards (an agenda of 2,000 modules is 2,000)."""

TEMPLATE_BUILD_LINES = 100_000
"""Lines of template output one build parses in all (about 10 s of parsing)."""

TEMPLATE_BUILD_SECONDS = 10.0
"""Seconds a course's own templates take in all, in one process of a build."""

TEMPLATE_MEMORY = 256 * 2**20
"""Bytes of memory a course's own templates may take beyond what the build has: they run in a
child process whose address space the operating system caps (Linux)."""

MAX_LABEL_CHARS = 500
"""Characters of one label in labels.yml (a label is pasted into every slide title)."""

MAX_TEMPLATE_BYTES = 64 * 1024
"""One template file: compiling costs about 30 µs and 1 KB of memory a byte (the largest
built-in template is 7 KB)."""

MAX_TEMPLATES_BYTES = 256 * 1024
"""All the templates of a course that one build compiles, includes and imports counted."""


# ---------------------------------------------------------------------------------------------
# Inputs (issue 10): a trainer's real course is far below each of these; the sample course's
# largest module is 7 KB with 11 slides, its course.yml 21 YAML nodes, its reference parts at most
# 16 KB.

MB = 2**20

# ---------------------------------------------------------------------------------------------
# Inputs: YAML (course.yml, front matter, labels.yml)

YAML_MAX_NODES = 10_000
"""Values in one YAML text, counted with every alias expanded: an alias bomb of 1 KB would
otherwise expand to billions. A course.yml has about 20, a label file about 200."""

YAML_MAX_DEPTH = 50
"""Nesting of lists and groups in one YAML text: the schemas go 3 deep; deeper is a mistake or
a self-referring anchor."""

# ---------------------------------------------------------------------------------------------
# Inputs: the trainer's files (sizes are checked before a file is read)

MAX_TEXT_FILE_BYTES = 1 * MB
"""One module, quiz file, course.yml or labels.yml: the 50-module benchmark course is 0.4 MB in
all, the sample's largest module 7 KB; Markdown costs about 500 bytes of memory per byte while it
is parsed, so a file of this size stays within a few hundred MB."""

MAX_TEXT_FILE_LINES = 30_000
"""Lines of one such file: lines make blocks, and blocks cost time in every output. The
robustness test's long module has 15,000; the sample's largest 200."""

MAX_COURSE_TEXT_BYTES = 4 * MB
"""Modules and quiz files of a course added up: every module's model stays in memory for the
build. Ten times the 50-module benchmark course (1,050 slides)."""

MAX_COURSE_BYTES = 50 * MB
"""Everything of a course that trainerkit reads, added up: course.yml, modules, quizzes,
templates, the reference deck and document and the pictures (by their files' sizes; other files
in the folder and hidden folders such as .git are not counted). The sample course is 0.4 MB,
pictures included; pictures are copied into every output."""

MAX_SLIDES_PER_MODULE = 2_000
"""Slides (## headings and --- rules) in one module: a day of training is about 100; the
robustness test's 20,000-line module has 1,000."""

MAX_PICTURE_BYTES = 20 * MB
"""One picture file: pictures are already bounded by pixels (MAX_PIXELS in parse/module.py); this
bounds the bytes a writer reads and copies into every output (a photo is 2 to 5 MB)."""

# ---------------------------------------------------------------------------------------------
# Inputs: reference decks and documents (theme: pptx, docx), checked from the zip directory
# before python-pptx or python-docx reads a byte of a part

MAX_REFERENCE_PART_BYTES = 50 * MB
"""One part of a reference deck or document, uncompressed: python-pptx and python-docx read every
part into memory. A slide master is about 15 KB; an embedded font or picture a few MB."""

MAX_REFERENCE_BYTES = 100 * MB
"""All parts of a reference deck or document together, uncompressed."""

MAX_REFERENCE_RATIO = 100
"""Uncompressed size over compressed size of one part, for parts over REFERENCE_RATIO_FLOOR: XML
compresses about 10:1 (the built-in parts are at most 33:1); a zip bomb's part 1,000:1."""

REFERENCE_RATIO_FLOOR = 1 * MB
"""Parts smaller than this are not held to MAX_REFERENCE_RATIO: a tiny part of repeated XML can
compress far better than 100:1 and costs nothing."""

MAX_REFERENCE_PARTS = 10_000
"""Parts (zip members) in a reference deck or document: a deck has a few dozen to a few
hundred."""

MAX_REFERENCE_XML_BYTES = 5 * MB
"""One XML part of a reference deck or document (a .xml or .rels member, or one whose content
type is XML), uncompressed: python-pptx and python-docx parse it into a tree of about 20 bytes of
memory per byte of small elements (45 MB of them took 990 MB), and the writers copy it into every
output. The built-in references' largest XML part is 16 KB. Pictures, fonts and other media parts keep MAX_REFERENCE_PART_BYTES."""

MAX_REFERENCE_ALL_XML_BYTES = 20 * MB
"""All XML parts of a reference deck or document together, uncompressed: 20 MB of small elements
builds in about 300 MB and 6 s."""

MAX_SLIDE_ITEMS = 1_000
"""List items, table rows, paragraphs and code lines a slide shows (a ::: handout block not
counted): more continue on dozens of slides no room could follow (the sample course's fullest
has 9)."""

MAX_TABLE_COLUMNS = 50
"""Columns of one table (the cells of its |---| row), in every output, handout included: no slide
or page shows more than about 10 readable; one line of pipes holds thousands (3,000 columns by
50 rows took 55 s and 525 MB to build, 20,000 columns ran out of memory while parsing)."""

MAX_TABLE_CELLS = 20_000
"""Cells of one table, header row included: a cell costs about 45 µs and 1.5 KB to parse and
about 300 µs to draw in the deck and documents (50 columns by 400 rows builds in about 7 s and
110 MB). Checked from the table's lines before a cell is parsed."""

MAX_MODULE_TABLE_CELLS = 40_000
"""Cells of all the tables of one module (or quiz file) together: the lines limit bounds what one
module holds, but a line of a table holds up to MAX_TABLE_COLUMNS cells (five tables of 20,000
cells took 36 s and 590 MB to build)."""

MAX_LINKS_PER_MODULE = 2_000
"""Links ([text](address), [text][name]) one module shows, in all its outputs: each is a
relationship of the Word and PowerPoint parts that hold it (2,000 distinct links in each of 3
modules make a handout in about 1.5 s)."""

MAX_SIMULATION_STEPS = 60
"""Steps of one `::: simulation`: each is a slide, a section of the paper version and a box of the
guide's branch map (the issue's example has 5; a call of 60 steps is already a day's play)."""

# ---------------------------------------------------------------------------------------------
# Inputs: the course folder's tree (walked with an explicit stack, never by recursion, and never
# further than these)

MAX_FOLDER_DEPTH = 32
"""Folders nested in a course, counted from the course folder (modules/ is 1): the sample course
goes 2 deep. A deeper folder is an error and is never opened: 1,100 nested folders used to
exhaust Python's recursion."""

MAX_COURSE_ENTRIES = 20_000
"""Files and folders of a course that are looked at (hidden ones such as .git and output folders
not opened): every command lists the course first. The 100-module benchmark course has about 100;
150,000 pictures took 16 s to check before anything was read."""

MAX_MODULES = 500
"""Module files of a course, found in modules/ or listed in course.yml: five times the
100-module benchmark course (2,000 slides); 20,000 tiny modules took 43 s to check."""

MAX_QUIZ_FILES = 500
"""Quiz files of a course, found in quizzes/ or listed in course.yml (the sample course has 2)."""

MAX_SUGGESTION_NAMES = 200
"""Names of a folder that a "did you mean" compares a missing file's name with (the first ones
found, once per folder): each comparison costs about 10 µs, and course.yml can name hundreds of
missing files in a folder of thousands."""

MAX_COURSE_ITEMS = 50_000
"""List items, paragraphs, code lines and other lines of content in all the modules of a course
(the 100-module benchmark course has 10,759; 29,000 bullets take about 11 s to build)."""

MAX_COURSE_TABLE_CELLS = 30_000
"""Table cells in all the modules of a course (the 100-module benchmark course has 6,000; the
deck draws a cell in about 0.3 ms, the documents in about as much again)."""

MAX_RESULTS_FILES = 200
"""Results files of a course (results/ or course.yml "results:"): one per cohort, a class a week
for four years."""

MAX_RESULTS_BYTES = 20_000_000
"""Bytes of one results file (a CSV, or an xlsx's members unpacked): a Moodle Responses report of
5,000 attempts at 50 questions is about 10 MB."""

MAX_RESULTS_ROWS = 20_000
"""Rows of one results file (learners, or attempts of an LMS export)."""

MAX_RESULTS_ROWS_IN_COURSE = 20_000
"""Rows of all the results files of a course together: reading and analysing 10,000 learners
takes about 4 s and 160 MB, and their report about 15 s and 700 MB more (benchmarks/results.py)."""
