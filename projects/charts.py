"""Figures of the 三个一批 projects, from the rows of `projects/queries.py` (pure: no database).

The chart registry that pairs each figure with its query is `reforms.charts.CHARTS`.
"""

from zones.charts import (
    COLOURS,
    figure,
    format_day,
    format_number,
    layout,
    number,
    text,
    wan_to_yi,
)

STAGE_NAMES = {
    "signed": ("签约", "Signed"),
    "landed": ("落地/备案", "Landed"),
    "started": ("开工", "Started"),
    "producing": ("投产", "In production"),
    "at_capacity": ("达产", "At capacity"),
    "above_scale": ("升规", "Above scale"),
}
BATCH_NAMES = {
    "signed": ("签约一批", "Sign batch"),
    "started": ("开工一批", "Start batch"),
    "producing": ("投产一批", "Production batch"),
}
STALLED_NAMES = {
    "signed_not_landed": ("签而未落", "Signed, not landed"),
    "landed_not_invested": ("落而未投", "Landed, not invested"),
    "invested_no_output": ("投未见效", "Invested, no output"),
}
STUCK_NAMES = {
    "up_to_90": ("≤90天", "≤ 90 days"),
    "up_to_180": ("91–180天", "91–180 days"),
    "up_to_365": ("181–365天", "181–365 days"),
    "longer": ("365天以上", "> 365 days"),
}
STUCK_COLOURS = ["#fde0c5", "#f4a261", "#e07a2f", "#b8455b"]
YI = ("亿元", "100 million yuan")


def stage_name(stage: str) -> str:
    return text(*STAGE_NAMES[stage]) if stage in STAGE_NAMES else text("洽谈", "Negotiating")


def round_name(year: int, number_: int) -> str:
    return text(f"{year}年<br>第{number_}批", f"{year}<br>round {number_}")


def campaign_rounds(rows, as_of) -> dict:
    """Projects per batch of each 三个一批 round (bars), planned investment in the hover."""
    rounds = []
    for row in rows:
        name = round_name(row["round__year"], row["round__number"])
        if name not in rounds:
            rounds.append(name)
    data = []
    for colour, (batch, names) in zip(COLOURS, BATCH_NAMES.items(), strict=False):
        mine = {
            round_name(r["round__year"], r["round__number"]): r for r in rows if r["batch"] == batch
        }
        data.append(
            {
                "type": "bar",
                "name": text(*names),
                "x": rounds,
                "y": [mine[r]["projects"] if r in mine else 0 for r in rounds],
                "customdata": [
                    [
                        format_number(wan_to_yi(mine[r]["investment"]) if r in mine else 0, 2),
                        format_day(mine[r]["round__held_on"]) if r in mine else "",
                    ]
                    for r in rounds
                ],
                "hovertemplate": text(
                    "%{x}（%{customdata[1]}）<br>%{fullData.name}：%{y}个项目"
                    "<br>计划总投资 %{customdata[0]} 亿元<extra></extra>",
                    "%{x} (%{customdata[1]})<br>%{fullData.name}: %{y} projects"
                    "<br>planned investment %{customdata[0]} × 100 million yuan<extra></extra>",
                ),
                "marker": {"color": colour},
            }
        )
    return figure(
        data,
        layout(
            text("三个一批：各批次项目个数", "三个一批: projects per batch of each round"),
            as_of,
            barmode="group",
            yaxis={"title": {"text": text("项目（个）", "projects")}},
        ),
    )


def pipeline(rows, as_of) -> dict:
    """Signed projects by the stage reached on the date: count (bars) and investment (dots)."""
    stages = [stage_name(r["stage"]) for r in rows]
    return figure(
        [
            {
                "type": "bar",
                "name": text("项目个数", "Projects"),
                "x": stages,
                "y": [r["projects"] for r in rows],
                "text": [r["projects"] for r in rows],
                "textposition": "outside",
                "hovertemplate": text(
                    "%{x}：%{y}个项目<extra></extra>", "%{x}: %{y} projects<extra></extra>"
                ),
                "marker": {"color": COLOURS[0]},
            },
            {
                "type": "scatter",
                "mode": "markers+lines",
                "name": text("计划总投资（亿元）", "Planned investment (100 million yuan)"),
                "x": stages,
                "y": [number(wan_to_yi(r["investment"])) for r in rows],
                "yaxis": "y2",
                "hovertemplate": text(
                    "%{x}：计划总投资 %{y:.2f} 亿元<extra></extra>",
                    "%{x}: planned investment %{y:.2f} × 100 million yuan<extra></extra>",
                ),
                "marker": {"color": COLOURS[1], "size": 9},
                "line": {"color": COLOURS[1], "dash": "dot"},
            },
        ],
        layout(
            text("项目所处阶段", "Projects by stage reached"),
            as_of,
            yaxis={"title": {"text": text("项目（个）", "projects")}, "rangemode": "tozero"},
            yaxis2={
                "title": {"text": text(*YI)},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "tickmode": "auto",
                "showgrid": False,
            },
            margin={"r": 70},
        ),
    )


def stalled_ages(rows, as_of) -> dict:
    """三未 projects by how long they have been stuck (stacked bars per kind)."""
    kinds = list(STALLED_NAMES)
    names = [text(*STALLED_NAMES[k]) for k in kinds]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": text(*STUCK_NAMES[bucket]),
            "y": names,
            "x": [rows.get(kind, {}).get(bucket) or 0 for kind in kinds],
            "marker": {"color": colour},
            "hovertemplate": text(
                "%{y}，已停滞%{fullData.name}：%{x}个<extra></extra>",
                "%{y}, stuck %{fullData.name}: %{x}<extra></extra>",
            ),
        }
        for bucket, colour in zip(STUCK_NAMES, STUCK_COLOURS, strict=True)
    ]
    return figure(
        data,
        layout(
            text("三未项目停滞时长", "三未 projects: how long they have been stuck"),
            as_of,
            barmode="stack",
            height=320,
            legend={"traceorder": "normal"},
            xaxis={"title": {"text": text("项目（个）", "projects")}},
            yaxis={"autorange": "reversed"},
        ),
    )


def investment_progress(projects, as_of) -> dict:
    """The largest projects' completed investment against their planned total (亿元)."""
    names = [p.name for p in projects]
    completed = [number(wan_to_yi(p.completed)) for p in projects]
    totals = [number(wan_to_yi(p.total_investment)) for p in projects]
    shares = [format_number(p.progress, 1) for p in projects]
    stages = [stage_name(p.stage) for p in projects]
    hover = text(
        "%{y}<br>阶段：%{customdata[1]}<br>已完成 %{customdata[2]} / 计划 %{customdata[3]} 亿元"
        "（%{customdata[0]}%）<extra></extra>",
        "%{y}<br>stage: %{customdata[1]}<br>completed %{customdata[2]} of %{customdata[3]}"
        " × 100 million yuan (%{customdata[0]} %)<extra></extra>",
    )
    customdata = [
        [share, stage, format_number(done, 2), format_number(total, 2)]
        for share, stage, done, total in zip(shares, stages, completed, totals, strict=True)
    ]
    bar = {"type": "bar", "orientation": "h", "y": names, "customdata": customdata}
    return figure(
        [
            {
                **bar,
                "name": text("计划总投资", "Planned"),
                "x": totals,
                "marker": {"color": "#d6e4ef"},
                "hovertemplate": hover,
            },
            {
                **bar,
                "name": text("已完成投资", "Completed"),
                "x": completed,
                "marker": {"color": COLOURS[0]},
                "hovertemplate": hover,
            },
        ],
        layout(
            text("主要项目投资完成进度", "Investment progress of the largest projects"),
            as_of,
            barmode="overlay",
            height=max(260, 80 + 26 * len(names)),
            xaxis={"title": {"text": text(*YI)}},
            yaxis={"autorange": "reversed"},
        ),
    )
