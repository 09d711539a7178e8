// The demo organisation and the raw material of its leads: plausible Chinese teams, people, customers and
// needs, so that a first look at the playground resembles a real sales floor. Only data and a seeded PRNG here.
import type { Person, Team } from '../kernel/types.ts';
import type { Org } from '../modules/org/use-cases/import-org.ts';

/** mulberry32: a tiny seeded PRNG, so the same seed always gives the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Pick {
  (): number;
  one<T>(items: readonly T[]): T;
  int(min: number, max: number): number;
  chance(p: number): boolean;
}

export function picker(seed: number): Pick {
  const next = seededRandom(seed);
  const pick = (() => next()) as Pick;
  pick.one = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  pick.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  pick.chance = (p) => next() < p;
  return pick;
}

export const INDUSTRIES = ['医疗基建', '职业院校', '地产', '家装', '工装', '连锁零售', '餐饮'] as const;
export type Industry = (typeof INDUSTRIES)[number];

interface TeamSpec {
  id: string;
  name: string;
  area: string;
  cities: readonly string[];
  manager: [id: string, name: string];
  reps: ReadonlyArray<[id: string, name: string, skills: readonly Industry[]]>;
}

export const DEMO_TEAMS: readonly TeamSpec[] = [
  {
    id: 'east-1',
    name: '华东一组',
    area: '华东',
    cities: ['上海', '杭州', '南京', '苏州', '宁波', '合肥'],
    manager: ['wang.qiang', '王强'],
    reps: [
      ['li.min', '李敏', ['医疗基建', '职业院校']],
      ['zhang.wei', '张伟', ['地产', '工装']],
      ['liu.yang', '刘洋', ['家装', '连锁零售']],
      ['sun.li', '孙丽', ['餐饮', '连锁零售']],
    ],
  },
  {
    id: 'south-1',
    name: '华南一组',
    area: '华南',
    cities: ['广州', '深圳', '东莞', '佛山', '厦门'],
    manager: ['chen.jing', '陈静'],
    reps: [
      ['huang.lei', '黄磊', ['地产', '家装']],
      ['zhou.ting', '周婷', ['医疗基建']],
      ['wu.hao', '吴昊', ['工装', '餐饮']],
      ['zheng.xin', '郑欣', ['职业院校', '连锁零售']],
    ],
  },
  {
    id: 'north-1',
    name: '华北一组',
    area: '华北',
    cities: ['北京', '天津', '石家庄', '济南', '太原'],
    manager: ['zhao.lei', '赵磊'],
    reps: [
      ['ma.chao', '马超', ['工装', '地产']],
      ['hu.jing', '胡静', ['医疗基建', '职业院校']],
      ['guo.peng', '郭鹏', ['家装', '餐饮']],
      ['lin.na', '林娜', ['连锁零售', '地产']],
    ],
  },
];

/** Areas no team covers: their leads still arrive and are routed on skill and load alone. */
export const OTHER_AREAS: ReadonlyArray<{ area: string; cities: readonly string[] }> = [
  { area: '华中', cities: ['武汉', '长沙', '郑州'] },
  { area: '西南', cities: ['成都', '重庆', '昆明'] },
];

const CAPACITY = 8;

function demoPerson(
  id: string,
  name: string,
  teamId: string | null,
  role: Person['role'],
  skills: readonly string[],
): Person {
  return {
    id,
    name,
    teamId,
    role,
    skills: [...skills],
    capacity: CAPACITY,
    email: `${id}@example.com`,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
  };
}

/**
 * 3 teams, each with a manager and 4 reps: 15 people. The org's language only when given (an explicit LOCALE):
 * a fixed one here would be written again at every start and outvote LOCALE.
 */
export function demoOrg(locale: Org['locale'] = null): Org {
  const teams: Team[] = DEMO_TEAMS.map((t) => ({
    id: t.id,
    name: t.name,
    managerId: t.manager[0],
    channels: {},
  }));
  const people: Person[] = DEMO_TEAMS.flatMap((t) => [
    demoPerson(t.manager[0], t.manager[1], t.id, 'manager', []),
    ...t.reps.map(([id, name, skills]) => demoPerson(id, name, t.id, 'rep', skills)),
  ]);
  // Those who do not sell but take part (issue 21, item 11): a director over the three teams, and the presales,
  // finance and delivery people a deal asks for help or hands over to. In no team: no manager's report table.
  people.push(...DEMO_STAFF.map(([id, name, role]) => demoPerson(id, name, null, role, [])));
  return { timezone: 'Asia/Shanghai', locale, teams, people };
}

/** The demo's people outside the sales teams. */
export const DEMO_STAFF: ReadonlyArray<[id: string, name: string, role: Person['role']]> = [
  ['sun.hua', '孙华', 'director'],
  ['qian.yu', '钱宇', 'presales'],
  ['he.fang', '何芳', 'finance'],
  ['luo.jun', '罗军', 'delivery'],
];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
export const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '海燕',
  '志强',
  '丽娟',
];
const BRAND_WORDS = [
  '华瑞',
  '恒泰',
  '博远',
  '嘉禾',
  '鼎盛',
  '新元',
  '锦程',
  '瑞丰',
  '宏图',
  '润泽',
  '启航',
  '信达',
  '安和',
  '佳禾',
  '云帆',
  '星河',
  '远景',
  '德润',
  '海纳',
  '立恒',
  '盛世',
  '同辉',
  '金桥',
  '万象',
];
const ESTATES = [
  '翠湖天地',
  '滨江花园',
  '紫金府',
  '御景湾',
  '阳光100',
  '金色家园',
  '锦绣华庭',
  '湖畔雅苑',
  '万科城',
  '中央公园',
];
const ORDINALS = ['第一', '第二', '第三', '第四', '第五', '第六'];

export interface IndustrySpec {
  /** Budget range in yuan. */
  budget: [min: number, max: number];
  company: (p: Pick, city: string) => string;
  needs: readonly string[];
  tags: readonly string[];
}

export const INDUSTRY_SPECS: Record<Industry, IndustrySpec> = {
  医疗基建: {
    budget: [200_000, 800_000],
    company: (p, city) =>
      p.one([
        () => `${city}市${p.one(ORDINALS)}人民医院`,
        () => `${city}${p.one(BRAND_WORDS)}${p.one(['医院', '妇幼保健院', '口腔医院', '中医院'])}`,
        () => `${city}${p.one(BRAND_WORDS)}医疗投资有限公司`,
      ])(),
    needs: [
      '门诊楼改造，约 3000㎡',
      '手术室净化工程',
      '发热门诊扩建',
      '住院部病房翻新',
      '医技楼装修及导视系统',
    ],
    tags: ['政府项目', '招投标', '大客户'],
  },
  职业院校: {
    budget: [150_000, 600_000],
    company: (p, city) =>
      p.one([
        () => `${city}${p.one(BRAND_WORDS)}职业技术学院`,
        () => `${city}市${p.one(BRAND_WORDS)}中等职业学校`,
        () => `${city}${p.one(BRAND_WORDS)}技师学院`,
      ])(),
    needs: ['实训楼装修', '智慧教室建设 20 间', '学生宿舍翻新', '图书馆改造', '产教融合实训基地'],
    tags: ['政府项目', '招投标', '寒假施工'],
  },
  地产: {
    budget: [200_000, 800_000],
    company: (p, city) =>
      p.one([
        () => `${city}${p.one(BRAND_WORDS)}置业有限公司`,
        () => `${city}${p.one(BRAND_WORDS)}房地产开发有限公司`,
      ])(),
    needs: ['售楼处精装修', '样板间软装设计', '社区商业配套装修', '会所改造', '精装交付批量采购'],
    tags: ['大客户', '年度框架', '样板间'],
  },
  家装: {
    budget: [30_000, 250_000],
    company: (p, city) => `${city}${p.one(ESTATES)} ${p.one(SURNAMES)}${p.one(['先生', '女士'])}`,
    needs: ['三居室全屋装修', '老房翻新', '厨卫改造', '别墅整体设计', '二手房局部改造'],
    tags: ['个人客户', '急装', '老客户转介绍'],
  },
  工装: {
    budget: [80_000, 600_000],
    company: (p, city) =>
      `${city}${p.one(BRAND_WORDS)}${p.one(['科技有限公司', '生物科技有限公司', '律师事务所', '投资管理有限公司'])}`,
    needs: ['办公室装修 1200㎡', '厂房改造及办公区', '展厅设计施工', '研发中心装修', '总部楼层整体改造'],
    tags: ['写字楼', '急装', '大客户'],
  },
  连锁零售: {
    budget: [50_000, 500_000],
    company: (p) =>
      `${p.one(BRAND_WORDS)}${p.one(['便利店', '生鲜超市', '母婴连锁', '药房连锁', '烘焙连锁'])}`,
    needs: ['20 家门店统一翻新', '新店装修 6 家', '门店形象升级', '仓储中心改造', '旗舰店设计施工'],
    tags: ['连锁', '年度框架', '多门店'],
  },
  餐饮: {
    budget: [30_000, 300_000],
    company: (p, city) =>
      `${city}${p.one(BRAND_WORDS)}${p.one(['火锅', '餐饮管理有限公司', '茶饮', '面馆', '烤肉'])}`,
    needs: ['新店装修 300㎡', '中央厨房改造', '门头及堂食区翻新', '商场店装修', '外卖店快速开业'],
    tags: ['连锁', '急装', '商场店'],
  },
};

/** Where leads come from, with their campaign codes (F7: every lead carries both), weighted by volume. */
export const SOURCES: ReadonlyArray<{ source: string; campaign: string; weight: number }> = [
  { source: '官网表单', campaign: 'WEB-2026Q4', weight: 5 },
  { source: '百度推广', campaign: 'SEM-BD-11', weight: 4 },
  { source: '抖音', campaign: 'DY-LIVE-1118', weight: 3 },
  { source: '展会', campaign: 'EXPO-SH-1115', weight: 2 },
  { source: '老客户转介绍', campaign: 'REF-2026', weight: 2 },
  { source: '400电话', campaign: 'TEL-400', weight: 2 },
  { source: '微信公众号', campaign: 'WX-ART-07', weight: 1 },
];

/** Needs that make a lead urgent: the customer is comparing us with a competitor (a rules keyword). */
export const COMPETITOR_NOTES = ['，正在和另外两家对比报价', '，已拿到竞品方案，下周定', '，要求本周内比价'];

export const TOUCH_NOTES: Record<'call' | 'visit' | 'message', readonly string[]> = {
  call: [
    '电话沟通需求，约了下周现场量房',
    '客户在外地，约周五再电话',
    '确认预算与工期，发送案例',
    '对接采购负责人，了解招标流程',
  ],
  visit: ['现场勘查完毕，出初步方案', '拜访决策人，对方认可设计方向', '带设计师上门量房'],
  message: ['微信发送报价单和案例集', '短信确认回访时间', '已加企业微信，发送公司介绍'],
};

export const RELEASE_NOTES = ['客户预算未批，明年再议', '客户已选定其他供应商', '不在服务区域，建议转他组'];

/** Notes a rep writes as a deal's first evidence; a few carry risk phrases (F16), so alerts show up. */
export const DEAL_NOTES = [
  '客户痛点:门店客流靠人工统计,库存经常对不上',
  '客户痛点:老设备能耗高,维修响应慢',
  '客户痛点:家长担心效果,希望先试听',
  '客户说要再考虑一下,下周给答复',
  '合同要过法务,预计两周',
  '客户想比比价格,已要了两家报价',
];
