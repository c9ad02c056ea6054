// Plausible, invented Chinese personal names and the county's functional departments for the
// synthetic fieldwork roster. Names are drawn from common surnames (Jiangxi-weighted) and given-name
// characters; any likeness to a real person is chance. The article's named people are never produced.
import type { Random } from './random.ts';

/** Common surnames, the most frequent in Jiangxi first and repeated for weight. */
const SURNAMES = [
  '万', '万', '熊', '熊', '胡', '胡', '刘', '刘', '刘', '王', '王', '李', '李', '张', '张', '陈', '陈', '黄', '黄', '吴', '杨',
  '徐', '罗', '邓', '周', '涂', '饶', '朱', '曾', '彭', '龚', '魏', '钟', '喻', '舒', '付', '袁', '邹', '程', '肖', '余', '蔡',
  '姜', '雷', '江', '谢', '赵', '孙', '郭', '何', '高', '梁', '宋', '许', '谭', '廖', '姚', '汪', '戴', '游', '闵', '聂', '甘',
];

const GIVEN_CHARACTERS = [
  '建', '国', '华', '明', '伟', '军', '平', '红', '英', '芳', '丽', '敏', '静', '强', '磊', '勇', '杰', '涛', '斌', '辉',
  '春', '秋', '文', '武', '林', '峰', '海', '波', '志', '新', '晓', '燕', '玲', '霞', '云', '俊', '鹏', '飞', '荣', '琴',
  '振', '兴', '德', '清', '宏', '慧', '婷', '雪', '梅', '金', '水', '根', '发', '庆', '祥', '立', '晨', '阳', '凯', '蕾',
];

/** People named in the source article; a generated name never repeats one. */
const ARTICLE_NAMES = new Set(['万伟明', '王宇', '胡雪萍', '万能']);

export function chineseName(random: Random): string {
  for (;;) {
    const surname = random.pick(SURNAMES);
    const length = random.next() < 0.28 ? 1 : 2;
    let given = '';
    for (let i = 0; i < length; i++) given += random.pick(GIVEN_CHARACTERS);
    const name = surname + given;
    if (!ARTICLE_NAMES.has(name)) return name;
  }
}

/** Sixty county-level functional departments (职能部门) of a Chinese county. */
export const COUNTY_DEPARTMENTS: readonly string[] = [
  '县委办公室', '县政府办公室', '县纪委监委', '县委组织部', '县委宣传部', '县委统战部', '县委政法委', '县发展和改革委员会',
  '县教育体育局', '县科学技术局', '县工业和信息化局', '县公安局', '县民政局', '县司法局', '县财政局', '县人力资源和社会保障局',
  '县自然资源局', '县生态环境局', '县住房和城乡建设局', '县交通运输局', '县水利局', '县农业农村局', '县商务局', '县文化广电新闻出版旅游局',
  '县卫生健康委员会', '县退役军人事务局', '县应急管理局', '县审计局', '县市场监督管理局', '县统计局', '县医疗保障局', '县林业局',
  '县城市管理委员会', '县信访局', '县行政审批局', '县供销合作社', '县总工会', '团县委', '县妇女联合会', '县残疾人联合会',
  '县科学技术协会', '县工商业联合会', '县税务局', '县供电公司', '县自来水公司', '县消防救援大队', '县人民武装部', '县人民法院',
  '县人民检察院', '县档案馆', '县融媒体中心', '县机关事务管理局', '县国有资产管理办公室', '县投资促进局', '县乡村振兴局', '县地方金融监管局',
  '县气象局', '县邮政分公司', '县移动分公司', '县电信分公司',
];
