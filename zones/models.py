"""Cities, development zones and who answers for which zone."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class City(models.Model):
    """A prefecture-level city (地级市) of Shanxi, identified by its GB/T 2260 code."""

    adcode = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=10, unique=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地级市")
        verbose_name_plural = _("地级市")
        ordering = ["adcode"]

    def __str__(self):
        return self.name


class ZoneQuerySet(models.QuerySet):
    def industrial(self):
        return self.filter(category=Zone.Category.INDUSTRIAL)


class Zone(models.Model):
    """A development zone (开发区) with its administrative committee (管委会)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")

    class Kind(models.TextChoices):
        ECONOMIC = "economic", _("经济技术开发区")
        HIGH_TECH = "high_tech", _("高新技术产业开发区")
        COMPREHENSIVE_REFORM = "comprehensive_reform", _("综合改革示范区")
        AGRI_HIGH_TECH = "agri_high_tech", _("国家农业高新技术产业示范区")
        MODERN_AGRICULTURE = "modern_agriculture", _("现代农业产业示范区")
        OTHER = "other", _("其他")

    class Category(models.TextChoices):
        INDUSTRIAL = "industrial", _("工业类")
        AGRICULTURE = "agriculture", _("现代农业类")
        ECO_TOURISM = "eco_tourism", _("生态文旅类")

    name = models.CharField(_("名称"), max_length=60, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="zones", verbose_name=_("所在市")
    )
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    category = models.CharField(
        _("类别"),
        max_length=12,
        choices=Category.choices,
        default=Category.INDUSTRIAL,
        help_text=_("工业类开发区参与工业经济运行、党政领导兼任等统计。"),
    )
    approved_year = models.PositiveSmallIntegerField(
        _("批准设立年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1980), MaxValueValidator(2100)],
    )
    planned_area_km2 = models.DecimalField(
        _("规划面积（平方公里）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    planned_area_note = models.CharField(
        _("规划面积说明"), max_length=60, blank=True, help_text=_("来源对面积的限定，如“约600”。")
    )
    leading_industries = models.CharField(_("主导产业"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    separation_pilot_from = models.DateField(
        _("管运分离试点起始日期"),
        null=True,
        blank=True,
        help_text=_("列为“管运分离”改革试点的日期；空表示不是试点。"),
    )
    is_demonstration_zone = models.BooleanField(
        _("“1+11”转型综改示范区"),
        default=False,
        help_text=_("山西转型综合改革示范区及11个省级转型综改示范区。"),
    )
    is_verified = models.BooleanField(
        _("名称已核实"),
        default=False,
        help_text=_("名称等基本信息已在公开来源中核实；未核实的记录显示为“名称待核实”。"),
    )
    source = models.TextField(_("来源"), blank=True)

    objects = ZoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["city__adcode", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_area_km2__isnull=True) | Q(planned_area_km2__gte=0),
                name="zone_area_non_negative",
            ),
        ]

    def __str__(self):
        return self.name if self.is_verified else f"{self.name}（名称待核实）"

    @property
    def is_industrial(self):
        return self.category == self.Category.INDUSTRIAL


class ZoneMembership(models.Model):
    """The zone(s) a user answers for (开发区填报责任); permissions build on this link."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="zone_memberships",
        verbose_name=_("用户"),
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("开发区")
    )
    since = models.DateField(_("起始日期"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("开发区填报人员")
        verbose_name_plural = _("开发区填报人员")
        ordering = ["zone", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "zone"], name="unique_zone_membership"),
        ]

    def __str__(self):
        return f"{self.user} → {self.zone}"


class CityMembership(models.Model):
    """The city whose zones a city reviewer (市级审核员) sees and whose reports they review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="city_memberships",
        verbose_name=_("用户"),
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("地市")
    )
    since = models.DateField(_("起始日期"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市级审核人员")
        verbose_name_plural = _("市级审核人员")
        ordering = ["city", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "city"], name="unique_city_membership"),
        ]

    def __str__(self):
        return f"{self.user} → {self.city}"


class DemoDataset(models.Model):
    """Marks that the synthetic demo dataset is loaded, so every page can say so."""

    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)
    version = models.CharField(_("版本"), max_length=20)

    class Meta:
        verbose_name = _("演示数据集")
        verbose_name_plural = _("演示数据集")
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"演示数据 {self.version}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now):
        """Tokens that authenticate on `now`: not revoked, not expired, held by an active user."""
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            revoked_at__isnull=True,
            user__is_active=True,
        )


class ApiToken(models.Model):
    """A personal API token (接口令牌) that acts for its user, read-only or read-write.

    Only a SHA-256 digest of the token is stored: the token itself is shown once, when it is
    issued. Tokens are long random strings, so an unsalted digest is enough to look one up.
    """

    PREFIX = "zrm_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("用户"),
    )
    name = models.CharField(
        _("用途"), max_length=60, blank=True, help_text=_("如“市统计局报表系统”。")
    )
    can_write = models.BooleanField(
        _("可写"),
        default=False,
        help_text=_("可写令牌可在用户负责的开发区范围内新增、修改项目与月度数据。"),
    )
    key_prefix = models.CharField(_("令牌开头"), max_length=12, editable=False)
    key_digest = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key_digest"])

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["user", "-created_at"]

    def __str__(self):
        return f"{self.key_prefix}… ({self.user})"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def generate_key(self) -> str:
        """Give the token a new random key; returns the key, which is not stored."""
        key = self.PREFIX + secrets.token_urlsafe(32)
        self.key_prefix = key[:10]
        self.key_digest = self.digest(key)
        return key

    def is_usable(self, now) -> bool:
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )


class ImportJob(models.Model):
    """An Excel import (导入任务): the uploaded file, its row-by-row check and, once confirmed, its
    writing, both done by a background task (zones.tasks) while the page polls the counters.

    `rows` holds the preview: for every data row of the file its number, what it names, what the
    import would do (new / update / unchanged) and its errors. Nothing is written until the user
    confirms a job whose rows are all valid; then every row is written in one transaction.
    """

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("项目")
        MONTHLY_INVESTMENT = "monthly_investment", _("月度完成投资")
        PERIODIC_FIGURES = "periodic_figures", _("月度填报数据")

    class Status(models.TextChoices):
        VALIDATING = "validating", _("正在校验")
        INVALID = "invalid", _("校验未通过")
        VALIDATED = "validated", _("校验通过，待确认")
        IMPORTING = "importing", _("正在导入")
        DONE = "done", _("已导入")
        FAILED = "failed", _("导入失败")

    # Statuses a background task is still working on: the page keeps polling while in one.
    RUNNING = (Status.VALIDATING, Status.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("导入人"),
    )
    kind = models.CharField(_("导入内容"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.VALIDATING
    )
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    new_rows = models.PositiveIntegerField(_("新增"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("无变化"), default=0)
    error_rows = models.PositiveIntegerField(_("有错误的行"), default=0)
    message = models.TextField(_("说明"), blank=True, help_text=_("整个文件的问题，如表头不符。"))
    rows = models.JSONField(_("逐行结果"), default=list, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel导入任务")
        verbose_name_plural = _("Excel导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}导入 #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING
