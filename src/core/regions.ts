/**
 * Sales regions: a manager-editable map from a place (province, city or country keyword)
 * to a sales region, seeded into the Regions sheet. OWNER: rules-engine work (may be extended).
 */
export interface RegionRule {
  /** A place keyword: a province or city in Chinese ("广东", "深圳"), or a country ("海外" for all overseas). */
  place: string;
  /** Sales region name, e.g. 华东 华南 华中 华北 西南 西北 东北 海外. */
  region: string;
  /** Marked remote by a manager: scored like overseas for location. */
  remote?: boolean;
}

export const OVERSEAS_REGION = "海外";

/** Default: the standard Chinese regions by province, plus 海外 for anywhere outside mainland China. */
export const DEFAULT_REGION_RULES: RegionRule[] = [
  ...["上海", "江苏", "浙江", "安徽", "福建", "江西", "山东"].map((place) => ({ place, region: "华东" })),
  ...["广东", "广西", "海南"].map((place) => ({ place, region: "华南" })),
  ...["河南", "湖北", "湖南"].map((place) => ({ place, region: "华中" })),
  ...["北京", "天津", "河北", "山西", "内蒙古"].map((place) => ({ place, region: "华北" })),
  ...["重庆", "四川", "贵州", "云南", "西藏"].map((place) => ({ place, region: "西南" })),
  ...["陕西", "甘肃", "青海", "宁夏", "新疆"].map((place) => ({ place, region: "西北" })),
  ...["辽宁", "吉林", "黑龙江"].map((place) => ({ place, region: "东北" })),
  { place: OVERSEAS_REGION, region: OVERSEAS_REGION },
];
