"""trainerkit: write a training module once in Markdown, build everything a class needs."""

__version__ = "0.1.0"

# The outputs `trainerkit build` makes (the registry in outputs.py has one entry each): named here
# so the command line can check --only without importing the writers.
OUTPUT_NAMES = ("deck", "handout", "guide", "quiz", "quickref", "roleplay", "scoresheet")
OUTPUT_NAMES += ("signin", "evaluation", "certificates")  # the class's paperwork (issue 15)
OUTPUT_NAMES += ("report",)  # what the class's answers say (issue 15)
OUTPUT_NAMES += ("practice",)  # the call simulations, played offline (issue 16)
OUTPUT_NAMES += ("scorm",)  # the SCORM 1.2 package of the quiz and the practice calls (issue 16)
OUTPUT_NAMES += ("qa-scorecard",)  # the QA scorecard of live calls, from the course (issue 17)
