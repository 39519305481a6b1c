"""三个一批 investment projects: campaign rounds, milestones, yearly plans and monthly investment.

Money is kept in 万元 (10⁴ yuan).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reforms.models import PeriodLocked, ZoneOwned, money_field

# The project life cycle in order: (field name, Chinese label).
MILESTONES = (
    ("signed_on", _("签约")),
    ("landed_on", _("落地/备案")),
    ("started_on", _("开工")),
    ("producing_on", _("投产")),
    ("at_capacity_on", _("达产")),
    ("above_scale_on", _("升规")),
)


class CampaignRound(models.Model):
    """One 三个一批 campaign round (签约一批、开工一批、投产一批活动), held on a date."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2023)])
    number = models.PositiveSmallIntegerField(_("批次"), validators=[MinValueValidator(1)])
    held_on = models.DateField(_("举办日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三个一批活动")
        verbose_name_plural = _("三个一批活动")
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_round_number"),
        ]

    def __str__(self):
        return f"{self.year}年第{self.number}批"

    def clean(self):
        if self.held_on and self.year and self.held_on.year != self.year:
            raise ValidationError({"held_on": _("举办日期须在该年度内。")})


class ProjectQuerySet(models.QuerySet):
    @transaction.atomic
    def delete(self):
        # A project's months go with it. Deleting them first puts them through the period lock
        # (reforms.models.PeriodLocked), which a cascade would bypass.
        MonthlyInvestment.objects.filter(project__in=self).delete()
        return super().delete()


class Project(ZoneOwned):
    """An investment project of a zone, with the date it reached each milestone of its life cycle."""

    objects = ProjectQuerySet.as_manager()

    class Industry(models.TextChoices):
        DIGITAL = "digital", _("新一代信息技术")
        EQUIPMENT = "equipment", _("高端装备制造")
        MATERIALS = "materials", _("新材料")
        NEW_ENERGY = "new_energy", _("新能源")
        ENERGY_SAVING = "energy_saving", _("节能环保")
        BIOMEDICINE = "biomedicine", _("生物医药")
        NEW_ENERGY_VEHICLES = "nev", _("新能源汽车")
        COAL_CHEMICAL = "coal_chemical", _("现代煤化工")
        FOOD = "food", _("农产品精深加工")
        SERVICES = "services", _("现代服务业")
        TRADITIONAL = "traditional", _("传统产业")

    name = models.CharField(_("项目名称"), max_length=120)
    investor = models.CharField(_("投资方"), max_length=120)
    industry = models.CharField(_("所属产业"), max_length=20, choices=Industry.choices)
    is_strategic_emerging = models.BooleanField(_("战略性新兴产业"), default=False)
    is_provincial_key = models.BooleanField(_("省级重点项目"), default=False)
    total_investment = money_field(_("计划总投资（万元）"))
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落地/备案日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    producing_on = models.DateField(_("投产日期"), null=True, blank=True)
    at_capacity_on = models.DateField(_("达产日期"), null=True, blank=True)
    above_scale_on = models.DateField(_("升规日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["zone", "-signed_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="unique_project_per_zone"),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_investment_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["signed_on"]),
            models.Index(fields=["started_on"]),
            models.Index(fields=["producing_on"]),
        ]

    def __str__(self):
        return self.name

    def milestone_dates(self):
        """(label, date) for every milestone, in life-cycle order; the date may be None."""
        return [(label, getattr(self, field)) for field, label in MILESTONES]

    def stage_on(self, as_of):
        """The label of the last milestone reached by `as_of` (洽谈 before signing)."""
        reached = [label for label, day in self.milestone_dates() if day and day <= as_of]
        return reached[-1] if reached else _("洽谈")

    def locking_report(self, stored_only=True):
        """The submitted or approved report covering one of the project's months, if any: the
        project cannot be deleted while it holds figures under review or approved."""
        month = self.monthly_investments.locked().first()
        return month.locking_report(stored_only=True) if month else None

    @transaction.atomic
    def delete(self, *args, **kwargs):
        self.monthly_investments.all().delete()  # through the period lock, as in the queryset
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        previous = None
        for field, label in MILESTONES:
            current = getattr(self, field)
            if current is None:
                continue
            if previous and current < previous[1]:
                errors[field] = _("%(later)s日期不能早于%(earlier)s日期（%(date)s）。") % {
                    "later": label,
                    "earlier": previous[0],
                    "date": previous[1].isoformat(),
                }
            else:
                previous = (label, current)
        if self.pk and self.total_investment is not None:
            completed = self.monthly_investments.aggregate(total=Sum("amount"))["total"] or 0
            if self.total_investment < completed:
                errors["total_investment"] = _(
                    "计划总投资不能小于已完成投资（%(completed)s万元）。"
                ) % {"completed": completed}
        if errors:
            raise ValidationError(errors)


class RoundEntry(models.Model):
    """A project presented in a campaign round, in one of its three batches (一批)."""

    zone_path = "project__zone"

    class Batch(models.TextChoices):
        SIGNED = "signed", _("签约一批")
        STARTED = "started", _("开工一批")
        PRODUCING = "producing", _("投产一批")

    round = models.ForeignKey(
        CampaignRound, on_delete=models.PROTECT, related_name="entries", verbose_name=_("活动")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="round_entries", verbose_name=_("项目")
    )
    batch = models.CharField(_("批次类别"), max_length=10, choices=Batch.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三个一批项目清单")
        verbose_name_plural = _("三个一批项目清单")
        ordering = ["round", "batch", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "batch"], name="unique_round_entry"
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.get_batch_display()} {self.project}"


class AnnualPlan(models.Model):
    """A project's place in a year's plan: the fixed cohort behind that year's 三率.

    `listed_on` is when the project entered the plan; a rate as of an earlier date ignores it, so
    later additions never move a past rate.
    """

    zone_path = "project__zone"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="annual_plans", verbose_name=_("项目")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2015)])
    planned_investment = money_field(_("年度计划投资（万元）"))
    start_due = models.BooleanField(
        _("计划年内开工/复工"), default=False, help_text=_("计入开工复工率的分母。")
    )
    listed_on = models.DateField(_("列入计划日期"))
    resumed_on = models.DateField(
        _("本年复工日期"), null=True, blank=True, help_text=_("续建项目在计划年度内复工的日期。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度投资计划")
        verbose_name_plural = _("年度投资计划")
        ordering = ["-year", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="unique_plan_per_year"),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0), name="plan_investment_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.year}年计划"

    def clean(self):
        errors = {}
        if self.listed_on and self.year and self.listed_on.year > self.year:
            errors["listed_on"] = _("列入计划日期不能晚于计划年度。")
        if self.resumed_on and self.year and self.resumed_on.year != self.year:
            errors["resumed_on"] = _("复工日期须在计划年度内。")
        if errors:
            raise ValidationError(errors)


def completed_above_total(completed, total) -> str:
    """The refusal of months whose completed investment adds up above the project's total."""
    return _("累计完成投资（%(sum)s万元）不能超过计划总投资（%(total)s万元）。") % {
        "sum": completed,
        "total": total,
    }


class MonthlyInvestment(PeriodLocked):
    """Investment a project completed in one month (月度完成投资, 万元).

    Part of its zone's report for the month: locked while that report is submitted or approved."""

    zone_path = "project__zone"
    lock_day_field = "month"

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="monthly_investments",
        verbose_name=_("项目"),
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天，如 2024-03-01。"))
    amount = money_field(_("完成投资（万元）"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度完成投资")
        verbose_name_plural = _("月度完成投资")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="unique_investment_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="investment_non_negative"),
        ]

    def __str__(self):
        return f"{self.project} {self.month:%Y年%m月}"

    def clean(self):
        if not self.month or self.month.day == 1:  # else the month is wrong in itself
            self.check_unlocked()
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("月份须为该月第一天。")
        if self.project_id and self.amount is not None:
            others = (
                MonthlyInvestment.objects.filter(project_id=self.project_id)
                .exclude(pk=self.pk)
                .aggregate(total=Sum("amount"))["total"]
                or 0
            )
            if others + self.amount > self.project.total_investment:
                errors["amount"] = completed_above_total(
                    others + self.amount, self.project.total_investment
                )
        if errors:
            raise ValidationError(errors)


class StalledProjectAlert(ZoneOwned):
    """A 三未 alert: a project stuck at one milestone longer than the threshold for its kind.

    Opened and closed only by projects.alerts.detect_stalled_projects (daily): it stays open while
    the project is stuck and is closed on the day the project moves on. Its dates are its history.
    """

    written_by_the_product = True

    class Kind(models.TextChoices):
        SIGNED_NOT_LANDED = "signed_not_landed", _("签而未落")
        LANDED_NOT_INVESTED = "landed_not_invested", _("落而未投")
        INVESTED_NO_OUTPUT = "invested_no_output", _("投未见效")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stalled_alerts", verbose_name=_("项目")
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    stuck_since = models.DateField(_("停滞起始日期"))
    opened_on = models.DateField(_("预警日期"))
    checked_on = models.DateField(_("最近检查日期"))
    closed_on = models.DateField(_("解除日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("三未项目预警")
        verbose_name_plural = _("三未项目预警")
        ordering = ["closed_on", "stuck_since", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=Q(closed_on__isnull=True),
                name="one_open_alert_per_project_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="alert_closed_after_opened",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.project}"

    @property
    def days_stuck(self) -> int:
        """Days stuck by the last check (or by the day the project moved on)."""
        return ((self.closed_on or self.checked_on) - self.stuck_since).days
