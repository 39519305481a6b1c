"""What a zone reports about its 三化三制 reform: dated facts, from which any as-of figure follows.

Money is kept in 万元 (10⁴ yuan) except fund sizes, which the reform reports in 亿元 (10⁸ yuan).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zones.models import Zone
from zones.permissions import zone_id_of

NON_NEGATIVE = [MinValueValidator(0, message=_("不能为负数。"))]
PERCENT = [
    MinValueValidator(0, message=_("百分比不能小于0。")),
    MaxValueValidator(100, message=_("百分比不能大于100。")),
]


def money_field(verbose_name, **kwargs):
    """A non-negative amount of money with two decimals (万元 or 亿元 as the name says)."""
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=NON_NEGATIVE, **kwargs
    )


def _exceeds(part, whole) -> bool:
    return part is not None and whole is not None and part > whole


def check_ended_after_started(errors, started, ended, ended_field, message):
    if started and ended and ended < started:
        errors[ended_field] = message


class ZoneOwned(models.Model):
    """Base of every record a zone owns: the zone officer's permissions hang on `zone`."""

    # The lookup from a row to its zone; zones.permissions scopes every query by it.
    zone_path = "zone"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, verbose_name=_("开发区"))

    class Meta:
        abstract = True


class PlatformCompany(ZoneOwned):
    """A platform / operating company (平台公司/运营公司) that runs the zone's business side."""

    class Ownership(models.TextChoices):
        STATE_SOLE = "state_sole", _("国有独资")
        STATE_CONTROLLED = "state_controlled", _("国有控股")
        MIXED = "mixed", _("混合所有制")
        PRIVATE = "private", _("民营")

    name = models.CharField(_("公司名称"), max_length=100)
    founded_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("注销日期"), null=True, blank=True)
    registered_capital = money_field(_("注册资本（万元）"))
    ownership = models.CharField(_("所有制"), max_length=20, choices=Ownership.choices)
    state_share_pct = models.DecimalField(
        _("国有股权比例（%）"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    does_construction = models.BooleanField(_("开发建设"), default=False)
    does_operation = models.BooleanField(_("运营管理"), default=False)
    does_investment_promotion = models.BooleanField(_("招商引资"), default=False)
    does_financing = models.BooleanField(_("投融资"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("平台公司")
        verbose_name_plural = _("平台公司")
        ordering = ["zone", "founded_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="unique_platform_company"),
            models.CheckConstraint(
                condition=Q(registered_capital__gte=0), name="platform_capital_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(state_share_pct__gte=0) & Q(state_share_pct__lte=100),
                name="platform_state_share_percent",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        check_ended_after_started(
            errors,
            self.founded_on,
            self.dissolved_on,
            "dissolved_on",
            _("注销日期不能早于成立日期。"),
        )
        if errors:
            raise ValidationError(errors)


class IndustrialFund(ZoneOwned):
    """An industrial investment fund (产业基金) set up by the zone."""

    class Stage(models.TextChoices):
        EARLY = "early", _("初期")
        GROWTH = "growth", _("成长期")
        MATURE = "mature", _("成熟期")

    name = models.CharField(_("基金名称"), max_length=100)
    size = money_field(_("基金规模（亿元）"))
    stage = models.CharField(_("投资阶段"), max_length=10, choices=Stage.choices)
    established_on = models.DateField(_("设立日期"))
    closed_on = models.DateField(_("清算日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业基金")
        verbose_name_plural = _("产业基金")
        ordering = ["zone", "established_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="unique_industrial_fund"),
            models.CheckConstraint(condition=Q(size__gte=0), name="fund_size_non_negative"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        check_ended_after_started(
            errors,
            self.established_on,
            self.closed_on,
            "closed_on",
            _("清算日期不能早于设立日期。"),
        )
        if errors:
            raise ValidationError(errors)


class FundInvestment(models.Model):
    """One project a fund invests in (基金投资项目), and how much (万元)."""

    zone_path = "fund__zone"

    fund = models.ForeignKey(
        IndustrialFund,
        on_delete=models.CASCADE,
        related_name="investments",
        verbose_name=_("产业基金"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_investments",
        verbose_name=_("关联项目"),
    )
    project_name = models.CharField(_("被投项目"), max_length=120)
    amount = money_field(_("投资金额（万元）"))
    invested_on = models.DateField(_("投资日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("基金投资项目")
        verbose_name_plural = _("基金投资项目")
        ordering = ["fund", "invested_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_investment_non_negative"),
        ]

    def __str__(self):
        return self.project_name

    def clean(self):
        fund = self.fund if self.fund_id else None
        if fund and self.invested_on and self.invested_on < fund.established_on:
            raise ValidationError({"invested_on": _("投资日期不能早于基金设立日期。")})


class LeadershipEstablishment(ZoneOwned):
    """The number of leadership posts (领导班子编制职数) authorised for a zone, from a date on."""

    effective_on = models.DateField(_("核定日期"))
    authorized_posts = models.PositiveSmallIntegerField(_("领导班子编制职数"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导班子职数核定")
        verbose_name_plural = _("领导班子职数核定")
        ordering = ["zone", "-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "effective_on"], name="unique_establishment_per_date"
            ),
        ]

    def __str__(self):
        return f"{self.zone} {self.effective_on}: {self.authorized_posts}"


class Education(models.TextChoices):
    HIGH_SCHOOL_OR_BELOW = "high_school", _("高中及以下")
    JUNIOR_COLLEGE = "junior_college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


POSTGRADUATE = (Education.MASTER, Education.DOCTOR)


class LeadershipAppointment(ZoneOwned):
    """A member of the zone's leadership team (领导班子成员) holding a post from one date to another.

    Person-level and sensitive: only aggregates of these rows ever leave the admin.
    """

    class Post(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", _("党工委书记")
        DIRECTOR = "director", _("管委会主任")
        DEPUTY_SECRETARY = "deputy_secretary", _("党工委副书记")
        DEPUTY_DIRECTOR = "deputy_director", _("管委会副主任")
        OTHER_MEMBER = "other_member", _("其他班子成员")

    class Selection(models.TextChoices):
        MARKET = "market", _("市场化选聘")
        ASSIGNED = "assigned", _("组织任命")
        CONCURRENT = "concurrent", _("党政领导兼任")

    PRINCIPAL_POSTS = (Post.PARTY_SECRETARY, Post.DIRECTOR)

    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)
    holder_name = models.CharField(_("姓名"), max_length=40)
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), validators=[MinValueValidator(1940), MaxValueValidator(2010)]
    )
    first_degree = models.CharField(_("第一学历"), max_length=20, choices=Education.choices)
    highest_education = models.CharField(_("最高学历"), max_length=20, choices=Education.choices)
    selection_method = models.CharField(_("产生方式"), max_length=12, choices=Selection.choices)
    appointed_on = models.DateField(_("任职日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导班子成员")
        verbose_name_plural = _("领导班子成员")
        ordering = ["zone", "post", "appointed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("appointed_on")),
                name="appointment_left_after_appointed",
            ),
        ]

    def __str__(self):
        # No name here: __str__ shows up in admin logs and history lists beyond the zone's page.
        return f"{self.zone.short_name} {self.get_post_display()}（{self.appointed_on}任）"

    def clean(self):
        errors = {}
        check_ended_after_started(
            errors, self.appointed_on, self.left_on, "left_on", _("离任日期不能早于任职日期。")
        )
        order = list(Education.values)
        if (
            self.first_degree in order
            and self.highest_education in order
            and order.index(self.highest_education) < order.index(self.first_degree)
        ):
            errors["highest_education"] = _("最高学历不能低于第一学历。")
        if errors:
            raise ValidationError(errors)


class MarketHire(ZoneOwned):
    """A staff member hired by market methods (市场化方式选聘) since the reform began."""

    position = models.CharField(_("岗位"), max_length=60)
    hired_on = models.DateField(_("聘用日期"))
    is_senior_manager = models.BooleanField(_("高级管理人才"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市场化选聘人员")
        verbose_name_plural = _("市场化选聘人员")
        ordering = ["zone", "hired_on"]

    def __str__(self):
        return f"{self.zone.short_name} {self.position} {self.hired_on}"


class ReformMilestone(ZoneOwned):
    """A 三制 milestone reached by a zone: term targets signed, post appointment, performance pay."""

    class Kind(models.TextChoices):
        TERM_TARGETS = "term_targets", _("与市政府签订领导班子任期目标")
        POST_APPOINTMENT = "post_appointment", _("全员岗位聘任制实施")
        PERFORMANCE_PAY = "performance_pay", _("年度绩效工资方案实施")

    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("年度"),
        null=True,
        blank=True,
        help_text=_("绩效工资方案按年度填写；其他事项留空。"),
        validators=[MinValueValidator(2015), MaxValueValidator(2100)],
    )
    achieved_on = models.DateField(_("完成日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三制改革事项")
        verbose_name_plural = _("三制改革事项")
        ordering = ["zone", "kind", "achieved_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "kind", "year"], name="unique_yearly_reform_milestone"
            ),
            models.UniqueConstraint(
                fields=["zone", "kind"],
                condition=Q(year__isnull=True),
                name="unique_reform_milestone",
            ),
        ]

    def __str__(self):
        return f"{self.zone.short_name} {self.get_kind_display()}"

    def clean(self):
        if self.kind == self.Kind.PERFORMANCE_PAY and not self.year:
            raise ValidationError({"year": _("绩效工资方案须填写年度。")})
        if self.kind != self.Kind.PERFORMANCE_PAY and self.year:
            raise ValidationError({"year": _("只有绩效工资方案按年度填写。")})


class SeparationStage(ZoneOwned):
    """The zone's 管运分离 stage from a date on; the latest row on or before a date is its stage."""

    class Stage(models.TextChoices):
        NOT_STARTED = "not_started", _("未启动")
        PLANNING = "planning", _("制定方案")
        PRACTISING = "practising", _("实行管运分离")
        COMPLETED = "completed", _("全面完成")

    SEPARATED = (Stage.PRACTISING, Stage.COMPLETED)

    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices)
    since = models.DateField(_("起始日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("管运分离进展")
        verbose_name_plural = _("管运分离进展")
        ordering = ["zone", "since"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "since"], name="unique_separation_stage_date"),
        ]

    def __str__(self):
        return f"{self.zone.short_name} {self.since} {self.get_stage_display()}"


class CooperationPark(ZoneOwned):
    """An international cooperation park (国际合作产业园): preparing from one date, established at another."""

    name = models.CharField(_("园区名称"), max_length=100)
    partner = models.CharField(_("合作方"), max_length=100, blank=True)
    preparing_since = models.DateField(_("启动筹建日期"))
    established_on = models.DateField(_("建成日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("国际合作园区")
        verbose_name_plural = _("国际合作园区")
        ordering = ["zone", "preparing_since"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="unique_cooperation_park"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        check_ended_after_started(
            errors,
            self.preparing_since,
            self.established_on,
            "established_on",
            _("建成日期不能早于启动筹建日期。"),
        )
        if errors:
            raise ValidationError(errors)


class PeriodLockedQuerySet(models.QuerySet):
    def locked(self):
        """Rows whose period is under review or approved (ZoneReport.LOCKING)."""
        model = self.model
        return self.filter(
            ZoneReport.covering(model.zone_path, model.lock_day_field, ZoneReport.LOCKING)
        )

    def delete(self):
        # Bulk deletes (the admin's action, imports) never reach Model.delete(): checked here,
        # in one query, before anything is deleted.
        row = self.locked().first()
        if row is not None:
            row.check_unlocked(stored_only=True)
        return super().delete()


class PeriodLocked(models.Model):
    """A zone's figures for a day that a period report (ZoneReport) covers: while that report is
    submitted or approved, the row can be neither added, changed nor deleted, by any interface.

    The row's zone is read along its `zone_path` (zones.permissions); `lock_day_field` names its
    month."""

    lock_day_field = "period"

    objects = PeriodLockedQuerySet.as_manager()

    class Meta:
        abstract = True

    def _lock_cells(self, stored_only=False) -> list[tuple[int, datetime.date]]:
        """(zone id, day) the row holds now and held when last saved: moving a row out of a
        locked period is as much a change of that period as editing it in place. A stored row
        validated unchanged is no change at all: nothing to refuse."""
        fields = [f.attname for f in self._meta.concrete_fields]
        stored = None
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values(*fields, lock_zone=F(self.zone_path))
                .first()
            )
        cells = []
        if stored is not None:
            if not stored_only and all(stored[f] == getattr(self, f) for f in fields):
                return []
            cells.append((stored["lock_zone"], stored[self.lock_day_field]))
        if not stored_only:
            zone_id = zone_id_of(self)
            day = getattr(self, self.lock_day_field)
            if zone_id is not None and isinstance(day, datetime.date):
                cells.append((zone_id, day))
        return cells

    def locking_report(self, stored_only=False):
        """The submitted or approved report that covers this row, if any (one query)."""
        cells = self._lock_cells(stored_only)
        if not cells:
            return None
        covering = Q(pk__in=[])
        for zone_id, day in cells:
            covering |= Q(zone_id=zone_id, period__lte=day, period_end__gte=day)
        found = ZoneReport.objects.filter(covering, status__in=ZoneReport.LOCKING)
        return found.select_related("zone").first()

    def check_unlocked(self, stored_only=False) -> None:
        report = self.locking_report(stored_only)
        if report is not None:
            raise report.locked_error()

    def delete(self, *args, **kwargs):
        self.check_unlocked(stored_only=True)
        return super().delete(*args, **kwargs)


class PeriodicFigures(ZoneOwned, PeriodLocked):
    """A zone's monthly figures that no entity yields: 三项改革 counts and industrial growth.

    `period` is the first day of the month the figures are for; counts are for that month alone.
    """

    period = models.DateField(_("统计月份"), help_text=_("该月第一天，如 2024-03-01。"))
    commitment_eligible = models.PositiveIntegerField(_("承诺制适用项目数"), default=0)
    commitment_applied = models.PositiveIntegerField(_("实行承诺制项目数"), default=0)
    agency_eligible = models.PositiveIntegerField(_("全代办适用项目数"), default=0)
    agency_handled = models.PositiveIntegerField(_("全代办办理项目数"), default=0)
    standard_land_parcels = models.PositiveIntegerField(_("出让标准地宗数"), default=0)
    standard_land_area = models.DecimalField(
        _("出让标准地面积（亩）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
    )
    value_added_growth = models.DecimalField(
        _("规上工业增加值累计增速（%）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100, message=_("增速不能低于-100%。"))],
        help_text=_("年初至本月累计，同比；非工业类开发区可留空。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度填报数据")
        verbose_name_plural = _("月度填报数据")
        ordering = ["zone", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "period"], name="unique_figures_per_period"),
            models.CheckConstraint(
                condition=Q(commitment_applied__lte=F("commitment_eligible")),
                name="commitment_applied_within_eligible",
            ),
            models.CheckConstraint(
                condition=Q(agency_handled__lte=F("agency_eligible")),
                name="agency_handled_within_eligible",
            ),
            models.CheckConstraint(
                condition=Q(standard_land_area__gte=0), name="standard_land_area_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.zone.short_name} {self.period:%Y年%m月}"

    def clean(self):
        if not self.period or self.period.day == 1:  # else the period is wrong in itself
            self.check_unlocked()
        errors = {}
        if self.period and self.period.day != 1:
            errors["period"] = _("统计月份须为该月第一天。")
        # A missing count has failed its own field check already; compare only what is there.
        if _exceeds(self.commitment_applied, self.commitment_eligible):
            errors["commitment_applied"] = _("实行承诺制项目数不能大于适用项目数。")
        if _exceeds(self.agency_handled, self.agency_eligible):
            errors["agency_handled"] = _("全代办办理项目数不能大于适用项目数。")
        if errors:
            raise ValidationError(errors)


class SnapshotPeriod(models.Model):
    """A month whose indicator values are stored (指标快照), and whether they are still current.

    `data_version` goes up whenever data that the month's figures depend on changes
    (reforms.snapshots.enqueue_snapshot_refresh); `taken_version` is the data version the stored
    values were computed from. The month is stale while the two differ.
    """

    period = models.DateField(_("月份"), unique=True, help_text=_("该月第一天。"))
    as_of = models.DateField(_("数据截至日期"))
    taken_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    data_version = models.PositiveBigIntegerField(_("数据版本"), default=1)
    taken_version = models.PositiveBigIntegerField(_("快照对应的数据版本"), default=0)
    values = models.PositiveIntegerField(_("指标值个数"), default=0)

    class Meta:
        verbose_name = _("指标快照月份")
        verbose_name_plural = _("指标快照月份")
        ordering = ["-period"]
        constraints = [
            models.CheckConstraint(condition=Q(period__day=1), name="snapshot_period_first_day"),
        ]

    def __str__(self):
        return f"{self.period:%Y年%m月}"

    @property
    def is_current(self) -> bool:
        return self.taken_version == self.data_version


class IndicatorSnapshot(models.Model):
    """One indicator's stored value for one scope (province, city or zone) in a snapshot month.

    Written only by reforms.snapshots.take_snapshot, which replaces a month's rows in one
    transaction; trend charts and history read these instead of recomputing.
    """

    snapshot = models.ForeignKey(
        SnapshotPeriod, on_delete=models.CASCADE, related_name="rows", verbose_name=_("快照月份")
    )
    scope = models.CharField(
        _("范围"), max_length=20, help_text=_("province、city:代码或zone:编号")
    )
    code = models.CharField(_("指标代码"), max_length=60)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True)
    status = models.CharField(_("目标状态"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        ordering = ["snapshot", "scope", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "scope", "snapshot"], name="unique_snapshot_value"
            ),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.scope} {self.code}"


class ReportReminder(ZoneOwned):
    """A reminder mailed to a zone's officers that its monthly figures are due or overdue.

    One per zone, period and day relative to the deadline, so a re-run never mails twice.
    """

    written_by_the_product = True

    period = models.DateField(_("统计月份"))
    deadline = models.DateField(_("截止日期"))
    days_from_deadline = models.SmallIntegerField(
        _("距截止日天数"), help_text=_("负数为截止前，正数为逾期后。")
    )
    recipients = models.TextField(_("收件人"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("填报提醒")
        verbose_name_plural = _("填报提醒")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "period", "days_from_deadline"], name="unique_report_reminder"
            ),
        ]

    def __str__(self):
        return f"{self.zone.short_name} {self.period:%Y年%m月} ({self.days_from_deadline:+d})"


def report_period(
    day: datetime.date, kind: str | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the report period (settings.REPORT_PERIOD: a month or a
    calendar quarter) holding the day."""
    kind = kind or settings.REPORT_PERIOD
    months = 3 if kind == "quarter" else 1
    first = (day.month - 1) // months * months  # 0-based month the period starts in
    after = day.year * 12 + first + months  # the month after the period, counted from year 0
    following = datetime.date(after // 12, after % 12 + 1, 1)
    return datetime.date(day.year, first + 1, 1), following - datetime.timedelta(days=1)


def report_deadline(period_end: datetime.date) -> datetime.date:
    """A period's report is due on settings.REPORT_DEADLINE_DAY of the month after it ends."""
    following = period_end + datetime.timedelta(days=1)
    return following.replace(day=settings.REPORT_DEADLINE_DAY)


class ZoneReport(ZoneOwned):
    """A zone's report (报表) for one period: the figures of its months, submitted by the zone,
    approved or returned by the city, reopened only by the province.

    Its status moves only through reforms.reports, which records every move (ReportTransition).
    While submitted or approved it locks the zone's PeriodicFigures and MonthlyInvestment of the
    period; indicators read only figures of approved periods.
    """

    # Rows are created and moved by reforms.reports, never entered as such: zone officers get no
    # add/change/delete permission on them, only "submit" (zones.roles.EXTRA_PERMISSIONS).
    written_by_the_product = True

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    # Under review the figures are frozen too, so what the reviewer approves is what they saw.
    LOCKING = (Status.SUBMITTED, Status.APPROVED)
    # A zone "has reported" for the period (reminders, completeness).
    REPORTED = (Status.SUBMITTED, Status.APPROVED)

    period = models.DateField(_("报告期"), help_text=_("报告期第一天，如 2024-03-01。"))
    period_end = models.DateField(_("报告期末"), editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reviewer_comment = models.TextField(_("审核意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表")
        ordering = ["-period", "zone"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "period"], name="unique_report_per_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="report_period_first_day"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period")), name="report_period_end_after_start"
            ),
        ]
        permissions = [
            ("submit_zonereport", _("可以提交报表")),
            ("approve_zonereport", _("可以审核（通过或退回）报表")),
            ("reopen_zonereport", _("可以重新打开已通过的报表")),
        ]

    def __str__(self):
        return f"{self.zone.short_name} {self.period_label}报表"

    def save(self, *args, **kwargs):
        # The end follows from the start and the period setting in force when it is created.
        if self.period and not self.period_end:
            self.period_end = report_period(self.period)[1]
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        if self.period_end and self.period_end.month != self.period.month:
            return f"{self.period.year}年第{(self.period.month - 1) // 3 + 1}季度"
        return f"{self.period.year}年{self.period.month}月"

    @property
    def deadline(self) -> datetime.date:
        return report_deadline(self.period_end)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKING

    def clean(self):
        if self.period and self.period != report_period(self.period)[0]:
            raise ValidationError({"period": _("报告期须为该期第一天（月报为当月1日）。")})

    def locked_error(self) -> ValidationError:
        state = self.get_status_display()
        return ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _(
                        "%(zone)s%(period)s的报表%(state)s，该期数据已锁定，不能新增、修改或删除；"
                        "如需更正，请由审核人退回（已通过的报表须由省级管理员重新打开）。"
                    ),
                    code="locked",
                    params={
                        "zone": self.zone.short_name,
                        "period": self.period_label,
                        "state": state,
                    },
                )
            }
        )

    @classmethod
    def covering(cls, zone_ref: str, day_ref: str, statuses) -> Exists:
        """True for an outer row whose zone (`zone_ref`) has a report in one of `statuses`
        covering its day (`day_ref`): a correlated subquery, no query per row."""
        return Exists(
            cls.objects.filter(
                zone=OuterRef(zone_ref),
                period__lte=OuterRef(day_ref),
                period_end__gte=OuterRef(day_ref),
                status__in=statuses,
            )
        )


class ReportTransition(models.Model):
    """One move of a report's status: from what to what, by whom, when, and the comment."""

    zone_path = "report__zone"
    written_by_the_product = True

    report = models.ForeignKey(
        ZoneReport, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("报表")
    )
    from_status = models.CharField(_("原状态"), max_length=10, choices=ZoneReport.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ZoneReport.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("操作时间"))
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("报表流转记录")
        verbose_name_plural = _("报表流转记录")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
