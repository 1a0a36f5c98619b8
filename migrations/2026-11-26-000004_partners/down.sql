DROP TABLE referrals;
DROP TABLE partners;
