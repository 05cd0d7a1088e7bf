"""Works posted before works carried their own secrecy get it from their fills."""

from django.db import migrations


def backfill(apps, schema_editor):
    Fill = apps.get_model("communities", "Fill")
    Work = apps.get_model("works", "Work")
    state = {}
    fills = Fill.objects.exclude(status="removed").exclude(challenge__anonymity="none")
    for work_id, anonymity, reveal_at in fills.values_list(
        "work_id", "challenge__anonymity", "challenge__reveal_at"
    ):
        kinds = ["anonymous", "unrevealed"] if anonymity == "unrevealed" else ["anonymous"]
        for kind in kinds:
            held, until, open_ended = state.get((work_id, kind), (True, None, False))
            open_ended = open_ended or reveal_at is None
            if reveal_at is not None and (until is None or reveal_at > until):
                until = reveal_at
            state[(work_id, kind)] = (True, until, open_ended)
    for (work_id, kind), (held, until, open_ended) in state.items():
        Work.objects.filter(pk=work_id).update(
            **{kind: held, f"{kind}_until": None if open_ended else until}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_challenge_reveal_announced_at"),
        ("works", "0004_work_secrecy"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
