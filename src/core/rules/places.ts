/**
 * Hand-written place knowledge the generated gazetteer cannot give, packed as
 * "target=name,name;target=…" strings to keep the Apps Script bundle small:
 * English/pinyin names of provinces, cities and districts; development zones, towns and
 * district names several cities share (resolved to the city a sales lead almost always
 * means); foreign countries and major cities (zh and en). HK/MO/TW count as outside the
 * mainland, as the spec asks.
 */

/** Chinese short name = English/pinyin spellings (lower case; apostrophes are ignored when matching). */
export const EN_PLACES = "北京=beijing,peking,haidian,yizhuang,chaoyang;天津=tianjin,binhai new area,tianjin binhai;河北=hebei;山西=shanxi;内蒙古=inner mongolia,nei mongol;辽宁=liaoning;吉林=jilin;黑龙江=heilongjiang;上海=shanghai,pudong,minhang,songjiang,jiading,qingpu,fengxian,baoshan,zhangjiang,lingang,caohejing;江苏=jiangsu;浙江=zhejiang;安徽=anhui;福建=fujian;江西=jiangxi;山东=shandong;河南=henan;湖北=hubei;湖南=hunan;广东=guangdong;广西=guangxi;海南=hainan;重庆=chongqing,liangjiang;四川=sichuan;贵州=guizhou;云南=yunnan;西藏=tibet,xizang;陕西=shaanxi;甘肃=gansu;青海=qinghai;宁夏=ningxia;新疆=xinjiang;香港=hong kong,hongkong;澳门=macau,macao;台湾=taiwan;台北=taipei;新竹=hsinchu;台中=taichung;高雄=kaohsiung;桃园=taoyuan;广州=guangzhou,canton,nansha,panyu,huangpu;深圳=shenzhen,nanshan,futian,bao'an,baoan,longhua,longgang,guangming,pingshan,qianhai;珠海=zhuhai;佛山=foshan,shunde,nanhai;惠州=huizhou;东莞=dongguan,songshan lake,songshanhu,humen,changan;中山=zhongshan;江门=jiangmen;肇庆=zhaoqing;汕头=shantou;韶关=shaoguan;湛江=zhanjiang;清远=qingyuan;揭阳=jieyang;潮州=chaozhou;河源=heyuan;梅州=meizhou;茂名=maoming;阳江=yangjiang;苏州=suzhou,suzhou industrial park;无锡=wuxi;常州=changzhou,wujin;南京=nanjing,jiangning;南通=nantong;扬州=yangzhou;镇江=zhenjiang;台州=taizhou;徐州=xuzhou;盐城=yancheng;淮安=huai'an,huaian;连云港=lianyungang;宿迁=suqian;昆山=kunshan;江阴=jiangyin;张家港=zhangjiagang;常熟=changshu;太仓=taicang;吴江=wujiang;宜兴=yixing;杭州=hangzhou,xiaoshan,binjiang,yuhang;宁波=ningbo;温州=wenzhou;嘉兴=jiaxing;湖州=huzhou;绍兴=shaoxing;金华=jinhua;义乌=yiwu;衢州=quzhou;舟山=zhoushan;丽水=lishui;慈溪=cixi;余姚=yuyao;合肥=hefei;芜湖=wuhu;蚌埠=bengbu;马鞍山=ma'anshan,maanshan;安庆=anqing;滁州=chuzhou;阜阳=fuyang;宣城=xuancheng;铜陵=tongling;黄山=huangshan;六安=lu'an;厦门=xiamen,amoy;福州=fuzhou;泉州=quanzhou;漳州=zhangzhou;莆田=putian;宁德=ningde;龙岩=longyan;三明=sanming;南昌=nanchang;赣州=ganzhou;九江=jiujiang;吉安=ji'an;上饶=shangrao;济南=jinan;青岛=qingdao;烟台=yantai;潍坊=weifang;威海=weihai;淄博=zibo;临沂=linyi;济宁=jining;东营=dongying;郑州=zhengzhou;洛阳=luoyang;开封=kaifeng;新乡=xinxiang;许昌=xuchang;南阳=nanyang;武汉=wuhan,optics valley,east lake;襄阳=xiangyang;宜昌=yichang;十堰=shiyan;荆州=jingzhou;黄石=huangshi;长沙=changsha;株洲=zhuzhou;湘潭=xiangtan;衡阳=hengyang;岳阳=yueyang;常德=changde;南宁=nanning;柳州=liuzhou;桂林=guilin;北海=beihai;海口=haikou;三亚=sanya;成都=chengdu,tianfu;绵阳=mianyang;宜宾=yibin;德阳=deyang;贵阳=guiyang;遵义=zunyi;昆明=kunming;拉萨=lhasa;西安=xi'an,xian;宝鸡=baoji;咸阳=xianyang;兰州=lanzhou;西宁=xining;银川=yinchuan;乌鲁木齐=urumqi;石家庄=shijiazhuang;唐山=tangshan;保定=baoding,xiongan,xiong'an;廊坊=langfang;沧州=cangzhou;邯郸=handan;太原=taiyuan;大同=datong;呼和浩特=hohhot;包头=baotou;鄂尔多斯=ordos;沈阳=shenyang;大连=dalian;鞍山=anshan;长春=changchun;哈尔滨=harbin;大庆=daqing";

/** City = development zones, towns and shared district names that mean that city. */
export const ZONES = "东莞=松山湖,虎门,长安镇,塘厦,凤岗,清溪,常平,大朗,樟木头,寮步;郑州=航空港,郑东新区,金水,中原,二七;武汉=光谷,东湖高新,东湖开发区,洪山,江夏,东西湖,汉阳,蔡甸;天津=滨海新区,泰达;苏州=苏州工业园,苏州新区,吴中,相城,姑苏,吴江;上海=张江,漕河泾,临港,普陀,浦东,闵行,松江,嘉定,青浦,宝山,金山,奉贤,崇明,长宁,黄浦,徐汇,静安,杨浦,虹口;深圳=前海,光明新区,南山,龙华;重庆=两江新区,江北,渝北,沙坪坝;成都=天府新区,武侯,锦江,青羊,新都,龙泉驿;西安=西咸新区,长安,雁塔;保定=雄安;北京=中关村,亦庄,朝阳,通州,海淀,丰台,东城,西城;南京=江北新区,鼓楼,江宁;珠海=横琴;广州=南沙新区,知识城,天河,白云,番禺,越秀,黄埔,海珠;杭州=滨江高新,钱塘新区,西湖,滨江,萧山,余杭;宁波=杭州湾新区;舟山=舟山群岛;常州=武进,新北;无锡=江阴,宜兴,惠山,锡山,新吴;长沙=岳麓,雨花,开福;青岛=城阳,黄岛;济南=历下;厦门=思明,湖里,集美,海沧,同安,翔安;福州=马尾,仓山,晋安;泉州=晋江,石狮;合肥=蜀山,包河,庐阳,瑶海";

/** Country (display name) = its Chinese and English names and its major cities. */
export const FOREIGN = "美国=美国,united states,usa,america,new york,san jose,silicon valley,los angeles,chicago,boston,austin,dallas,houston,phoenix,detroit,seattle,san diego,硅谷,纽约,洛杉矶;加拿大=加拿大,canada,toronto,montreal,vancouver;墨西哥=墨西哥,mexico,monterrey,guadalajara,tijuana,juarez;巴西=巴西,brazil,sao paulo,são paulo,manaus;阿根廷=阿根廷,argentina;智利=智利,chile;哥伦比亚=哥伦比亚,colombia;秘鲁=秘鲁,peru;英国=英国,united kingdom,uk,england,scotland,britain,london,manchester,伦敦;德国=德国,germany,deutschland,stuttgart,munich,münchen,berlin,frankfurt,hamburg,dresden,nuremberg,慕尼黑,斯图加特,柏林;法国=法国,france,paris,lyon,巴黎;意大利=意大利,italy,milan,turin,米兰;西班牙=西班牙,spain,madrid,barcelona;葡萄牙=葡萄牙,portugal;荷兰=荷兰,netherlands,holland,amsterdam,eindhoven;比利时=比利时,belgium;瑞士=瑞士,switzerland,zurich;奥地利=奥地利,austria,vienna;瑞典=瑞典,sweden,stockholm;挪威=挪威,norway;丹麦=丹麦,denmark;芬兰=芬兰,finland;波兰=波兰,poland,warsaw;捷克=捷克,czech,prague;匈牙利=匈牙利,hungary,budapest;罗马尼亚=罗马尼亚,romania;斯洛伐克=斯洛伐克,slovakia;爱尔兰=爱尔兰,ireland;俄罗斯=俄罗斯,russia,moscow,莫斯科;乌克兰=乌克兰,ukraine;土耳其=土耳其,turkey,türkiye,istanbul;希腊=希腊,greece;以色列=以色列,israel,tel aviv;沙特阿拉伯=沙特,saudi,riyadh;阿联酋=阿联酋,uae,dubai,迪拜,abu dhabi;埃及=埃及,egypt,cairo;南非=南非,south africa,johannesburg;尼日利亚=尼日利亚,nigeria;肯尼亚=肯尼亚,kenya;摩洛哥=摩洛哥,morocco;日本=日本,japan,tokyo,osaka,nagoya,yokohama,东京,大阪;韩国=韩国,south korea,korea,seoul,suwon,busan,首尔;印度尼西亚=印度尼西亚,印尼,indonesia,jakarta,batam,雅加达;印度=印度,india,bangalore,bengaluru,chennai,mumbai,new delhi,delhi,pune,noida,hyderabad;越南=越南,vietnam,viet nam,hanoi,ho chi minh,saigon,bac ninh,hai phong,haiphong,da nang,河内,胡志明,北宁,海防;泰国=泰国,thailand,bangkok,曼谷;马来西亚=马来西亚,malaysia,penang,槟城,kuala lumpur,吉隆坡,johor;新加坡=新加坡,singapore;菲律宾=菲律宾,philippines,manila,cebu;柬埔寨=柬埔寨,cambodia;缅甸=缅甸,myanmar;老挝=老挝,laos;孟加拉国=孟加拉,bangladesh;巴基斯坦=巴基斯坦,pakistan;斯里兰卡=斯里兰卡,sri lanka;澳大利亚=澳大利亚,australia,sydney,melbourne;新西兰=新西兰,new zealand;哈萨克斯坦=哈萨克斯坦,kazakhstan;蒙古国=蒙古国,mongolia;香港=香港,hong kong,hongkong,九龙,kowloon,新界;澳门=澳门,macau,macao;台湾=台湾,taiwan,台北,taipei,新竹,hsinchu,台中,taichung,高雄,kaohsiung,桃园,taoyuan,台南,tainan";

/** Names that look like a place in free text but usually are a company or brand. */
export const NOT_A_PLACE_IN_DETAILS = ["阿里", "东方", "中山大学", "华南理工", "长城", "黄山"];

/** US state abbreviations at the end of an address ("Austin TX", "San Jose, CA 95134"). */
export const US_STATE_RE = /(?:^|[\s,])(AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)(?:\s+\d{5}(?:-\d{4})?)?\s*$/;

/** Parse a packed "target=a,b;target=c" string into name → target pairs. */
export function unpack(packed: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const group of packed.split(";")) {
    const [target, names] = group.split("=");
    for (const n of names.split(",")) out.push([n, target]);
  }
  return out;
}
