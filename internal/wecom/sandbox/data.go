package sandbox

// Data is what a corp holds besides its apps: members (企业成员), customers (external
// contacts, 客户) with the members who follow them, and customer groups (客户群).
// Options.Seed is copied into every corp; later changes stay inside the server.
type Data struct {
	Members   []Member
	Customers []Customer
	Groups    []Group
}

// Member is a corp member who may follow customers.
type Member struct {
	UserID string
	Name   string
}

// Customer is an external contact as externalcontact/get shows it.
type Customer struct {
	ExternalUserID string
	Name           string
	Type           int // 1 WeChat user, 2 WeCom user
	Gender         int // 0 unknown, 1 male, 2 female
	Avatar         string
	UnionID        string
	Position       string // WeCom users only
	CorpName       string // WeCom users only
	CorpFullName   string // WeCom users only
	FollowUsers    []FollowUser
}

// FollowUser is one member's relationship with a customer.
type FollowUser struct {
	UserID         string
	Remark         string
	Description    string
	CreateTime     int64
	Tags           []Tag
	RemarkCorpName string
	RemarkMobiles  []string // the only phone numbers WeCom exposes for a customer
	State          string   // channel of a 「联系我」 config, if any
	AddWay         int
	OperUserID     string
}

// Tag is a customer tag; Type 1 corp tag, 2 personal tag (not in batch/get_by_user), 3 rule tag.
type Tag struct {
	GroupName string
	TagName   string
	Type      int
	TagID     string
}

// Group is a customer group (客户群).
type Group struct {
	ChatID     string
	Name       string
	Owner      string
	CreateTime int64
	Notice     string
	Status     int // follow status for groupchat/list: 0 normal, 1 owner left, 2 inheriting, 3 inherited
	Members    []GroupMember
	Admins     []string
}

// GroupMember is one member of a customer group.
type GroupMember struct {
	UserID        string
	Type          int // 1 corp member, 2 external contact
	UnionID       string
	JoinTime      int64
	JoinScene     int // 1 invited directly, 2 invited by link, 3 scanned the group QR code
	Invitor       string
	GroupNickname string
	Name          string // "" → the member's or customer's name
	State         string // state of the join way the member came through
}

// JoinWay is a customer-group join-way config (加入群聊) as get_join_way shows it.
type JoinWay struct {
	ConfigID       string
	Scene          int // 1 mini-program plugin, 2 QR code
	Remark         string
	AutoCreateRoom int
	RoomBaseName   string
	RoomBaseID     int
	ChatIDList     []string
	QRCode         string // kept for every config; returned only when Scene == 2
	State          string
	MarkSource     bool
}

// Members of DefaultData.
const (
	UserZhangsan = "zhangsan" // 张三: follows 陈晓明, 刘芳, 郑强; owns the sales group and pools 1-2
	UserLisi     = "lisi"     // 李四: follows 陈晓明, 周杰; owns the after-sales group and pool 3
	UserWangwu   = "wangwu"   // 王五: follows 吴敏; owns the group of a member who left (status 1)
	UserZhaoliu  = "zhaoliu"  // 赵六: no customers (externalcontact/list → 84061)
)

// Customers of DefaultData.
const (
	CustomerChen  = "wm5andb0xChenXiaoMingAAAAAAAAAAA" // 陈晓明, WeChat user; 13800000001 (zhangsan), none (lisi)
	CustomerLiu   = "wm5andb0xLiuFangAAAAAAAAAAAAAAAA" // 刘芳, WeChat user; "+86 139-0000-0002" (zhangsan)
	CustomerZhou  = "wo5andb0xZhouJieAAAAAAAAAAAAAAAA" // 周杰, WeCom user of 示例科技; 13800000003 and 021-55550000 (lisi)
	CustomerWu    = "wm5andb0xWuMinAAAAAAAAAAAAAAAAAA" // 吴敏, WeChat user; no remark mobiles (wangwu)
	CustomerZheng = "wm5andb0xZhengQiangAAAAAAAAAAAAA" // 郑强, WeChat user; 13800000001 (zhangsan), the same number as 陈晓明
)

// Customer groups of DefaultData.
const (
	ChatSales      = "wr5andb0xSa1esGroupAAAAAAAAAAAAA" // 销售客服群, owner zhangsan: zhangsan, lisi, 陈晓明 (state "sandbox-qr-1"), 刘芳
	ChatAfterSales = "wr5andb0xAfterSa1esAAAAAAAAAAAAA" // 售后服务群, owner lisi: lisi, 周杰 (state "channel-a")
	ChatPool1      = "wr5andb0xP00l1AAAAAAAAAAAAAAAAAA" // 入群池1, owner zhangsan, no one else
	ChatPool2      = "wr5andb0xP00l2AAAAAAAAAAAAAAAAAA" // 入群池2, owner zhangsan, no one else
	ChatPool3      = "wr5andb0xP00l3AAAAAAAAAAAAAAAAAA" // 入群池3, owner lisi, no one else
	ChatResigned   = "wr5andb0xRes1gnedAAAAAAAAAAAAAAA" // 老客户群, owner wangwu, status 1 (离职待继承): wangwu, 吴敏
)

// Tags of DefaultData.
const (
	TagVIP = "et5andb0xVipAAAAAAAAAAAAAAAAAAAA" // 客户等级/重要客户, corp tag
	TagNew = "et5andb0xNewCustomerAAAAAAAAAAAA" // 客户等级/新客户, corp tag
)

// DefaultData is the demo corp of the sandbox profile; see the constants above.
func DefaultData() *Data {
	const day = 86400
	const t0 = 1735689600 // 2025-01-01 00:00:00 UTC
	vip := Tag{GroupName: "客户等级", TagName: "重要客户", Type: 1, TagID: TagVIP}
	newTag := Tag{GroupName: "客户等级", TagName: "新客户", Type: 1, TagID: TagNew}
	personal := Tag{GroupName: "", TagName: "老乡", Type: 2, TagID: "et5andb0xPersonalAAAAAAAAAAAAAAA"}
	return &Data{
		Members: []Member{
			{UserID: UserZhangsan, Name: "张三"},
			{UserID: UserLisi, Name: "李四"},
			{UserID: UserWangwu, Name: "王五"},
			{UserID: UserZhaoliu, Name: "赵六"},
		},
		Customers: []Customer{
			{
				ExternalUserID: CustomerChen, Name: "陈晓明", Type: 1, Gender: 1,
				Avatar:  "https://wx.qlogo.cn/mmhead/5andb0xChenXiaoMing/0",
				UnionID: "oz5andb0xChenXiaoMingAAAAAAA",
				FollowUsers: []FollowUser{
					{UserID: UserZhangsan, Remark: "陈总", Description: "装修意向客户", CreateTime: t0 + 1*day,
						Tags: []Tag{vip, personal}, RemarkMobiles: []string{"13800000001"}, AddWay: 1, OperUserID: UserZhangsan},
					{UserID: UserLisi, Remark: "晓明", CreateTime: t0 + 3*day,
						Tags: []Tag{}, RemarkMobiles: []string{}, State: "sandbox-qr-1", AddWay: 1, OperUserID: CustomerChen},
				},
			},
			{
				ExternalUserID: CustomerLiu, Name: "刘芳", Type: 1, Gender: 2,
				Avatar: "https://wx.qlogo.cn/mmhead/5andb0xLiuFang/0",
				FollowUsers: []FollowUser{
					{UserID: UserZhangsan, Remark: "刘芳-设计", CreateTime: t0 + 2*day,
						Tags: []Tag{newTag}, RemarkMobiles: []string{"+86 139-0000-0002"}, AddWay: 3, OperUserID: UserZhangsan},
				},
			},
			{
				ExternalUserID: CustomerZhou, Name: "周杰", Type: 2, Gender: 1,
				Avatar:   "https://wework.qpic.cn/wwhead/5andb0xZhouJie/0",
				Position: "采购经理", CorpName: "示例科技", CorpFullName: "示例科技有限公司",
				FollowUsers: []FollowUser{
					{UserID: UserLisi, Remark: "周经理", Description: "对接采购事务", CreateTime: t0 + 4*day,
						Tags: []Tag{vip}, RemarkCorpName: "示例科技", RemarkMobiles: []string{"13800000003", "021-55550000"},
						AddWay: 2, OperUserID: UserLisi},
				},
			},
			{
				ExternalUserID: CustomerWu, Name: "吴敏", Type: 1, Gender: 2,
				Avatar: "https://wx.qlogo.cn/mmhead/5andb0xWuMin/0",
				FollowUsers: []FollowUser{
					{UserID: UserWangwu, Remark: "", CreateTime: t0 + 5*day,
						Tags: []Tag{}, RemarkMobiles: []string{}, AddWay: 1, OperUserID: CustomerWu},
				},
			},
			{
				ExternalUserID: CustomerZheng, Name: "郑强", Type: 1, Gender: 1,
				Avatar: "https://wx.qlogo.cn/mmhead/5andb0xZhengQiang/0",
				FollowUsers: []FollowUser{
					{UserID: UserZhangsan, Remark: "郑强(陈总同事)", CreateTime: t0 + 6*day,
						Tags: []Tag{}, RemarkMobiles: []string{"13800000001"}, AddWay: 1, OperUserID: UserZhangsan},
				},
			},
		},
		Groups: []Group{
			{
				ChatID: ChatSales, Name: "销售客服群", Owner: UserZhangsan, CreateTime: t0 + 7*day,
				Notice: "文明沟通，拒绝脏话",
				Members: []GroupMember{
					{UserID: UserZhangsan, Type: 1, JoinTime: t0 + 7*day, JoinScene: 1},
					{UserID: UserLisi, Type: 1, JoinTime: t0 + 7*day + 60, JoinScene: 1, Invitor: UserZhangsan, GroupNickname: "客服小李"},
					{UserID: CustomerChen, Type: 2, UnionID: "oz5andb0xChenXiaoMingAAAAAAA", JoinTime: t0 + 8*day, JoinScene: 3, State: "sandbox-qr-1"},
					{UserID: CustomerLiu, Type: 2, JoinTime: t0 + 9*day, JoinScene: 1, Invitor: UserZhangsan, GroupNickname: "刘芳"},
				},
				Admins: []string{UserLisi},
			},
			{
				ChatID: ChatAfterSales, Name: "售后服务群", Owner: UserLisi, CreateTime: t0 + 10*day,
				Members: []GroupMember{
					{UserID: UserLisi, Type: 1, JoinTime: t0 + 10*day, JoinScene: 1},
					{UserID: CustomerZhou, Type: 2, JoinTime: t0 + 11*day, JoinScene: 3, State: "channel-a"},
				},
			},
			{ChatID: ChatPool1, Name: "入群池1", Owner: UserZhangsan, CreateTime: t0 + 12*day,
				Members: []GroupMember{{UserID: UserZhangsan, Type: 1, JoinTime: t0 + 12*day, JoinScene: 1}}},
			{ChatID: ChatPool2, Name: "入群池2", Owner: UserZhangsan, CreateTime: t0 + 12*day + 60,
				Members: []GroupMember{{UserID: UserZhangsan, Type: 1, JoinTime: t0 + 12*day + 60, JoinScene: 1}}},
			{ChatID: ChatPool3, Name: "入群池3", Owner: UserLisi, CreateTime: t0 + 12*day + 120,
				Members: []GroupMember{{UserID: UserLisi, Type: 1, JoinTime: t0 + 12*day + 120, JoinScene: 1}}},
			{
				ChatID: ChatResigned, Name: "老客户群", Owner: UserWangwu, CreateTime: t0 + 13*day, Status: 1,
				Members: []GroupMember{
					{UserID: UserWangwu, Type: 1, JoinTime: t0 + 13*day, JoinScene: 1},
					{UserID: CustomerWu, Type: 2, JoinTime: t0 + 14*day, JoinScene: 2, Invitor: UserWangwu},
				},
			},
		},
	}
}

// clone deep-copies d so that corps never share slices.
func (d *Data) clone() *Data {
	out := &Data{Members: append([]Member(nil), d.Members...)}
	for _, c := range d.Customers {
		c.FollowUsers = cloneFollowUsers(c.FollowUsers)
		out.Customers = append(out.Customers, c)
	}
	for _, g := range d.Groups {
		out.Groups = append(out.Groups, g.clone())
	}
	return out
}

func cloneFollowUsers(in []FollowUser) []FollowUser {
	if in == nil {
		return nil
	}
	out := make([]FollowUser, len(in))
	for i, f := range in {
		f.Tags = append([]Tag(nil), f.Tags...)
		f.RemarkMobiles = append([]string(nil), f.RemarkMobiles...)
		out[i] = f
	}
	return out
}

func (g Group) clone() Group {
	g.Members = append([]GroupMember(nil), g.Members...)
	g.Admins = append([]string(nil), g.Admins...)
	return g
}

func (j *JoinWay) clone() JoinWay {
	out := *j
	out.ChatIDList = append([]string(nil), j.ChatIDList...)
	return out
}

func (d *Data) member(userID string) *Member {
	for i := range d.Members {
		if d.Members[i].UserID == userID {
			return &d.Members[i]
		}
	}
	return nil
}

func (d *Data) customer(externalUserID string) *Customer {
	for i := range d.Customers {
		if d.Customers[i].ExternalUserID == externalUserID {
			return &d.Customers[i]
		}
	}
	return nil
}

func (d *Data) group(chatID string) *Group {
	for i := range d.Groups {
		if d.Groups[i].ChatID == chatID {
			return &d.Groups[i]
		}
	}
	return nil
}
