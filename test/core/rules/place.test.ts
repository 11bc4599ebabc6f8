import { describe, expect, it } from "vitest";
import { canonicalPlace, judgePlace, locate } from "../../../src/core/rules/place";
import { buildGazetteerTable, shortPlace, shortProvince } from "../../../scripts/gen/gazetteer";
import { DEFAULT_REGION_RULES, type RegionRule } from "../../../src/core/regions";
import { DEFAULT_PROFILE } from "../../../src/core/rubric";

const place = (address: string, details = "", rules: RegionRule[] = DEFAULT_REGION_RULES, profile = DEFAULT_PROFILE) =>
  judgePlace(locate(address, details), rules, profile);

describe("gazetteer generator", () => {
  it("strips suffixes where the short name stays meaningful", () => {
    expect(shortProvince("广西壮族自治区")).toBe("广西");
    expect(shortProvince("黑龙江省")).toBe("黑龙江");
    expect(shortPlace("延边朝鲜族自治州")).toBe("延边");
    expect(shortPlace("恩施土家族苗族自治州")).toBe("恩施");
    expect(shortPlace("昆山市")).toBe("昆山");
    expect(shortPlace("城区")).toBe("城区");
  });
  it("drops county names two cities share", () => {
    const table = buildGazetteerTable({ 甲省: { 一市: ["同名市", "独有市"] }, 乙省: { 二市: ["同名市"] } });
    expect(table).toContain("独有");
    expect(table).not.toContain("同名");
  });
});

describe("locate + judgePlace", () => {
  it.each([
    ["郑州航空港区", "mainland", "华中"],
    ["天津滨海新区", "mainland", "华北"],
    ["Nanshan, Shenzhen", "core", "华南"],
    ["长春", "mainland", "东北"],
    ["福建宁德", "mainland", "华东"],
    ["肇庆高要", "core", "华南"],
    ["合肥市经开区", "core", "华东"],
    ["Minhang, Shanghai", "core", "华东"],
    ["东莞长安", "core", "华南"],
    ["广西南宁", "mainland", "华南"],
    ["西安", "mainland", "西北"],
    ["Xi'an, Shaanxi", "mainland", "西北"],
    ["昆山", "core", "华东"],
    ["重庆两江新区", "mainland", "西南"],
    ["Stuttgart, Germany", "overseas", "海外"],
    ["Austin TX", "overseas", "海外"],
    ["Bac Ninh, Vietnam", "overseas", "海外"],
    ["越南北宁省", "overseas", "海外"],
    ["Kwun Tong, Kowloon, Hong Kong", "overseas", "海外"],
    ["台湾新竹", "overseas", "海外"],
    ["", "unknown", ""],
    ["南海", "core", "华南"],
    ["广东顺德区北滘", "core", "华南"],
    ["宝安", "core", "华南"],
    ["惠阳区", "core", "华南"],
    ["Daya Bay", "core", "华南"],
    ["新会区", "core", "华南"],
    ["鄞州", "core", "华东"],
    ["雨花台区", "core", "华东"],
    ["柯桥", "core", "华东"],
  ])("%s → %s %s", (address, tier, region) => {
    const p = place(address);
    expect([p.tier, p.region]).toEqual([tier, region]);
  });

  it("uses a city in the details only when the address is empty, and skips trade-show venues", () => {
    expect(place("", "我们在上海展会上认识，工厂在成都").region).toBe("西南");
    expect(place("长春", "工厂在深圳").region).toBe("东北");
    expect(place("", "对精度有高要求，福田汽车的配套").tier).toBe("unknown");
  });

  it("follows the region rules: a city rule overrides its province, remote rules score as remote", () => {
    const rules: RegionRule[] = [...DEFAULT_REGION_RULES, { place: "深圳市", region: "深圳专区" }, { place: "新疆", region: "西北", remote: true }];
    expect(place("深圳南山", "", rules).region).toBe("深圳专区");
    expect(place("广州", "", rules).region).toBe("华南");
    expect(place("乌鲁木齐", "", rules).tier).toBe("remote");
  });

  it("follows the profile's core regions and remote areas, in Chinese or English", () => {
    const profile = { ...DEFAULT_PROFILE, coreRegions: ["Wuhan"], remoteAreas: ["西藏"] };
    expect(place("湖北武汉", "", DEFAULT_REGION_RULES, profile).tier).toBe("core");
    expect(place("深圳", "", DEFAULT_REGION_RULES, profile).tier).toBe("mainland");
    expect(place("拉萨", "", DEFAULT_REGION_RULES, profile).tier).toBe("remote");
  });

  it("canonicalizes sheet place names", () => {
    expect(canonicalPlace("广东省")).toBe("广东");
    expect(canonicalPlace("Shenzhen")).toBe("深圳");
    expect(canonicalPlace("Germany")).toBe("德国");
  });
});
