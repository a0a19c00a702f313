"""`tarjama eval`: score translations and summaries, check outputs, evaluate a running server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tarjama.clients.cli import eval_segmentation_cmd
from tarjama.clients.cli.common import (
    add_remote_flags,
    add_server_flag,
    connect,
    int_range,
    positive_float,
)
from tarjama.clients.cli.eval_output import add_output_flags, out_dir, prepare_out
from tarjama.clients.cli.extras import require
from tarjama.models.errors import InvalidInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="evaluate translations and summaries (sacrebleu, rouge-score, reference-free checks)",
        description=(
            "Score outputs against references, compare two systems with significance tests, "
            "check outputs without references, or evaluate a running server end to end. "
            "Every command prints the scores and writes result.json and report.md "
            "(report.html with --html) into --out."
        ),
    )
    commands = parser.add_subparsers(dest="eval_command", metavar="EVAL_COMMAND", required=True)

    translation = commands.add_parser(
        "translation",
        help="BLEU, chrF, chrF++, TER with signatures; significance; document level",
        description=(
            "--hyp is a line file (one segment per line, aligned with --ref), or tarjama "
            "outputs (<id>.json / <id>.en.txt, or a folder of them) matched to reference "
            "articles <id>.en.txt by id."
        ),
    )
    translation.add_argument("--hyp", type=Path, required=True, help="system output")
    translation.add_argument(
        "--ref", type=Path, nargs="+", required=True, help="reference file(s) or folder"
    )
    translation.add_argument("--src", type=Path, help="sources: enables reference-free checks")
    translation.add_argument("--baseline", type=Path, help="another system's output to compare")
    translation.add_argument(
        "--significance",
        choices=["bs", "ar", "both"],
        default="bs",
        help="with --baseline: paired bootstrap (bs, default), approximate randomization (ar)",
    )
    translation.add_argument(
        "--samples", type=int_range(1), help="bootstrap resamples (1000) / AR trials (10000)"
    )
    translation.add_argument(
        "--docs", type=Path, help="document id per line (TSV, first column) for document scores"
    )
    translation.add_argument("--name", default="system", help="system name in reports")
    translation.add_argument("--baseline-name", default="baseline", help="baseline name")
    translation.add_argument("--model", help="model that made --hyp, recorded in the result")
    translation.add_argument("--no-checks", action="store_true", help="skip the checks")
    add_output_flags(translation)
    translation.set_defaults(handler=run_translation)

    summary = commands.add_parser(
        "summary",
        help="ROUGE-1/2/L/Lsum with bootstrap CIs, plus reference-free summary checks",
        description=(
            "Summaries are files with one sentence per line (a trailing [0,1,2] attribution "
            "is dropped) or tarjama summary JSON; folders are matched by id "
            "(<id>.summary.txt). --src (articles) adds number, compression and redundancy checks."
        ),
    )
    summary.add_argument("--hyp", type=Path, required=True, help="summary file or folder")
    summary.add_argument("--ref", type=Path, required=True, help="reference summary file or folder")
    summary.add_argument("--src", type=Path, help="source articles (file or folder)")
    summary.add_argument(
        "--one-per-line", action="store_true", help="each line of the files is one summary"
    )
    summary.add_argument("--samples", type=int_range(1), default=1000, help="bootstrap resamples")
    summary.add_argument("--model", help="model that made --hyp, recorded in the result")
    add_output_flags(summary)
    summary.set_defaults(handler=run_summary)

    collection = commands.add_parser(
        "collection",
        help="ROUGE-1/2/Lsum of a digest's collection summary against several human summaries",
        description=(
            "Scores the collection summary of a `tarjama digest` folder against every human "
            "summary in --ref (F1 averaged over them, rouge-score with Porter stemming), beside "
            "a round-robin lead baseline built from --articles and the summaries in --peers. "
            "Every summary is cut at --words words first."
        ),
    )
    collection.add_argument("--digest", type=Path, required=True, help="digest folder or json")
    collection.add_argument(
        "--ref", type=Path, required=True, help="human summary file or folder of them"
    )
    collection.add_argument("--articles", type=Path, help="the articles: adds the lead baseline")
    collection.add_argument("--peers", type=Path, help="other systems' summaries (file or folder)")
    collection.add_argument(
        "--words", type=int_range(0), default=250, help="cut every summary at N words (0: no cut)"
    )
    add_output_flags(collection)
    collection.set_defaults(handler=run_collection)

    check = commands.add_parser(
        "check",
        help="reference-free checks: untranslated Arabic, copies, loops, length, numbers",
        description=(
            "Needs no reference. --hyp is tarjama output JSON (or a folder of it), which "
            "carries its sources, or a line file together with --src."
        ),
    )
    check.add_argument("--hyp", type=Path, required=True, help="outputs to check")
    check.add_argument("--src", type=Path, help="sources (line file or folder of articles)")
    check.add_argument(
        "--fail-on-issues", action="store_true", help="exit 1 when any segment is flagged"
    )
    add_output_flags(check)
    check.set_defaults(handler=run_check)

    run = commands.add_parser(
        "run",
        help="translate a test set through a running server, then score it",
        description=(
            "--testset is a folder with ara.txt and eng.txt (one segment per line, optional "
            "document_ids.tsv), or article files *.txt (or saved pages *.html) with "
            "references/<id>.en.txt."
        ),
    )
    run.add_argument("--testset", type=Path, required=True, help="test set folder")
    add_server_flag(run, "host:port of `tarjama serve`", required=True)
    add_remote_flags(run)
    run.add_argument("--src-name", help="source file name in the test set (default ara.txt)")
    run.add_argument("--ref-name", help="reference file/folder name (default eng.txt)")
    run.add_argument("--limit", type=int_range(1), help="only the first N segments/articles")
    run.add_argument("--batch-size", type=int_range(1), default=16, help="articles per request")
    run.add_argument("--concurrency", type=int_range(1), default=2, help="requests in flight")
    run.add_argument(
        "--timeout", type=positive_float, default=600.0, help="per-request deadline (s)"
    )
    add_output_flags(run)
    run.set_defaults(handler=run_server_eval)

    eval_segmentation_cmd.register(commands)


def _finish(result: dict[str, Any], args: argparse.Namespace) -> None:
    from tarjama.clients.evaluation.report import terminal_lines  # rouge-score
    from tarjama.clients.evaluation.report_files import write_reports  # rouge-score

    for line in terminal_lines(result):
        print(line)
    paths = write_reports(result, out_dir(args), html=args.html)
    print("wrote " + ", ".join(str(p) for p in paths))


def _models(corpus_models: list[dict[str, str]], given: str | None) -> list[dict[str, str]]:
    if given:
        return [{"id": given, "revision": "", "source": "--model"}]
    return corpus_models


def _tests(choice: str) -> tuple[str, ...]:
    return ("bs", "ar") if choice == "both" else (choice,)


def run_translation(args: argparse.Namespace) -> int:
    from tarjama.clients.evaluation.corpora import describe_inputs, translation_corpus  # numpy
    from tarjama.clients.evaluation.evaluate import envelope, translation_body  # sacrebleu

    if args.name == args.baseline_name:
        raise InvalidInput("--name and --baseline-name must differ")
    corpus = translation_corpus(
        args.hyp,
        args.ref,
        src=args.src,
        baseline=args.baseline,
        docs=args.docs,
        system_name=args.name,
        baseline_name=args.baseline_name,
    )
    prepare_out(args)
    tests = _tests(args.significance)
    body = translation_body(
        corpus,
        significance_tests=tests if args.baseline else (),
        significance_samples={t: args.samples for t in tests} if args.samples else None,
        run_checks=not args.no_checks,
    )
    inputs = describe_inputs(
        hyp=args.hyp, ref=args.ref, src=args.src, baseline=args.baseline, docs=args.docs
    )
    _finish(
        envelope(
            "translation",
            body,
            inputs=inputs,
            models=_models(corpus.models, args.model),
            command=sys.argv,
        ),
        args,
    )
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from tarjama.clients.evaluation.corpora import describe_inputs, summary_inputs  # numpy
    from tarjama.clients.evaluation.evaluate import envelope, summary_body  # sacrebleu

    pairs, sources, notes = summary_inputs(
        args.hyp, args.ref, src=args.src, one_per_line=args.one_per_line
    )
    prepare_out(args)
    body = summary_body(pairs, sources=sources, notes=notes, samples=args.samples)
    inputs = describe_inputs(hyp=args.hyp, ref=args.ref, src=args.src)
    models = _models([], args.model)
    _finish(envelope("summary", body, inputs=inputs, models=models, command=sys.argv), args)
    return 0


def run_collection(args: argparse.Namespace) -> int:
    from tarjama.clients.evaluation.collection_rouge import (  # rouge-score
        collection_systems,
        reference_systems,
        score_systems,
    )
    from tarjama.clients.evaluation.corpora import describe_inputs  # numpy
    from tarjama.clients.evaluation.evaluate import envelope  # sacrebleu

    systems = collection_systems(args.digest, args.articles, args.peers)
    references = reference_systems(args.ref)
    prepare_out(args)
    body = score_systems(systems, references, args.words)
    inputs = describe_inputs(
        digest=args.digest, ref=args.ref, articles=args.articles, peers=args.peers
    )
    _finish(envelope("collection", body, inputs=inputs, command=sys.argv), args)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from tarjama.clients.evaluation.corpora import check_corpus, describe_inputs  # numpy
    from tarjama.clients.evaluation.evaluate import check_body, envelope  # sacrebleu

    corpus = check_corpus(args.hyp, args.src)
    prepare_out(args)
    body = check_body(corpus)
    inputs = describe_inputs(hyp=args.hyp, src=args.src)
    _finish(envelope("check", body, inputs=inputs, models=corpus.models, command=sys.argv), args)
    flagged = body["checks"]["segments_flagged"]
    return 1 if args.fail_on_issues and flagged else 0


def run_server_eval(args: argparse.Namespace) -> int:
    require("sacrebleu", "rouge_score")  # the [eval] extra, checked before the run, not after
    from tarjama.clients.evaluation.run import (  # text pipeline: 33 ms, not at start
        HYPOTHESES_FOLDER,
        cache_note,
        client_batch_fn,
        find_testset,
        run_articles,
        run_lines,
        server_models,
    )

    testset = find_testset(args.testset, source_name=args.src_name, reference_name=args.ref_name)
    out_dir = prepare_out(args, HYPOTHESES_FOLDER)  # the same folder for hypotheses and reports
    # Fails within seconds when nothing listens; waits up to 30 s for a server warming up.
    with connect(args, timeout=args.timeout, ready_timeout=30.0) as client:
        info = client.info()
        batch_size = min(args.batch_size, info.limits.max_batch_articles or args.batch_size)
        runner = run_lines if testset.layout == "lines" else run_articles
        print(f"sending {testset.source} to {args.server} ...", file=sys.stderr)
        outcome = runner(
            testset,
            client_batch_fn(client),
            out_dir,
            batch_size=batch_size,
            concurrency=args.concurrency,
            limit=args.limit,
        )
        after = client.info()
    # Scoring libraries load only now (1.5 s), so a dead server is reported as fast as elsewhere.
    from tarjama.clients.evaluation.corpora import describe_inputs  # numpy
    from tarjama.clients.evaluation.evaluate import envelope, translation_body  # sacrebleu

    cache_hits = after.cache_hits - info.cache_hits
    cache_misses = after.cache_misses - info.cache_misses
    body = translation_body(outcome.corpus)
    body["service"] = {
        "address": args.server,
        "server_version": info.server_version,
        "layout": testset.layout,
        "seconds": round(outcome.seconds, 3),
        "requests": outcome.requests,
        "failures": len(outcome.failures),
        "hypotheses": str(outcome.hypotheses_path),
        "cache_hits": cache_hits,  # the server's counters, so other clients' calls count too
        "cache_misses": cache_misses,
    }
    inputs = describe_inputs(
        testset=args.testset, source=testset.source, reference=testset.reference
    )
    models = [m for m in server_models(info) if m.get("role") == "translation"]
    result = envelope("run", body, inputs=inputs, models=models, command=sys.argv)
    note = cache_note(cache_hits, cache_misses)
    cached = (
        f"; {cache_hits} of {cache_hits + cache_misses} sentences from its cache" if note else ""
    )
    print(
        f"{len(outcome.corpus)} segments translated by {args.server} in {outcome.seconds:.1f}s"
        f" ({outcome.requests} requests, {len(outcome.failures)} failures{cached})"
    )
    if note:
        result["notes"] = [note, *result.get("notes", [])]
    _finish(result, args)
    return 1 if outcome.failures else 0
