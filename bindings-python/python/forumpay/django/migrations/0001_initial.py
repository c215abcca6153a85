"""The shared store's table (``forumpay_storeentry``)."""

from django.db import migrations, models  # type: ignore[import-untyped]


class Migration(migrations.Migration):  # type: ignore[misc]
    initial = True

    dependencies: list = []  # type: ignore[type-arg]

    operations = [
        migrations.CreateModel(
            name="StoreEntry",
            fields=[
                ("key", models.CharField(max_length=255, primary_key=True, serialize=False)),
                ("value", models.TextField()),
                ("expires", models.DateTimeField(db_index=True)),
            ],
            options={"verbose_name": "store entry", "verbose_name_plural": "store entries"},
        ),
    ]
